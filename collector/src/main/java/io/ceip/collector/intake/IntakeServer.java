package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's HTTPS server: a Vert.x server whose router Camel's platform-http consumers (the routes'
 * {@code platform-http:} paths) add their paths to, as they do to the server of {@code camel.server.*} (which this
 * replaces because it sets no timeouts: see {@link ConnectionDeadlines}). Bound in the registry where platform-http
 * looks ({@link #routerName()}, {@link #engineConfiguration()}); a Camel service: it listens when the context
 * starts and closes (then its Vert.x) when the context stops, after the routes.
 * <ul>
 * <li>TLS only, with the node's key and certificate, on OpenSSL where it loads ({@link CountedTls}); Vert.x's
 * protocols (TLS 1.2, 1.3); forward secrecy and AEAD ciphers only ({@link CountedTls#CIPHER_SUITES}); HTTP/1.1;</li>
 * <li>request line 4 KiB, headers 8 KiB (Vert.x's limits: 414, 431);</li>
 * <li>a body counted as it arrives, 413 past {@code maxBodyBytes} ({@link ServerFailures}); no file uploads;</li>
 * <li>no URL parameters, no ambiguous message length ({@link RefusedBeforeRouting}); every answer with
 * {@link AnswerHeaders};</li>
 * <li>a report without a known token, or not JSON, or past its client's requests per second, refused before its
 * body is read ({@link RefusedOnHeaders});</li>
 * <li>at most {@code maxConnections} connections open in all, counted from their accept (a silent one still in its
 * TLS handshake too): a new one past it is closed before its handshake ({@link ConnectionsOpen}, {@link CountedTls});
 * </li>
 * <li>at most {@code maxConnectionsPerAddress} connections open from one client address, counted from their accept
 * too: a new one past it is closed before its handshake ({@link ConnectionsPerAddress});</li>
 * <li>one request at a time per connection: a pipelined one closes it ({@link OneRequestAtATime});</li>
 * <li>at most {@code maxInProgressPerAddress} requests at once from one client address, and {@code maxInProgress}
 * in all: 503 past either, before the body is read ({@link RequestsInProgressPerAddress},
 * {@link RequestsInProgress});</li>
 * <li>what the server refuses itself is answered by {@link ServerFailures}.</li>
 * </ul>
 */
public final class IntakeServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeServer.class);

    /**
     * The server's limits.
     *
     * @param maxBodyBytes the largest body as sent
     * @param headerMillis how long a connection may take to send a request's headers (and stay idle between them)
     * @param bodyMillis how long a request's body may take to arrive
     * @param minBodyBytesPerSecond the slowest a body may arrive on average, after a grace of 5 s; 0: no minimum
     *         ({@link ConnectionDeadlines})
     * @param maxInProgress how many requests are served at once ({@link RequestsInProgress})
     * @param maxConnections how many connections the node may hold open, from all addresses; 0: no limit
     *         ({@link ConnectionsOpen})
     * @param maxConnectionsPerAddress how many connections one client address may hold open; 0: no limit
     *         ({@link ConnectionsPerAddress})
     * @param maxInProgressPerAddress how many requests one client address may have in progress; 0: no limit
     *         ({@link RequestsInProgressPerAddress})
     */
    public record Limits(long maxBodyBytes, long headerMillis, long bodyMillis, long minBodyBytesPerSecond,
            int maxInProgress,
            int maxConnections, int maxConnectionsPerAddress, int maxInProgressPerAddress) {
    }

    private final String host;
    private final int port;
    private final Vertx vertx;
    private final ConnectionDeadlines deadlines;
    /** The line a second of connections closed for pipelining ({@link OneRequestAtATime}). */
    private final OncePerSecond pipelined = OneRequestAtATime.closures();
    private final ConnectionsPerAddress perAddress;
    /** The requests' places of the in-progress limits, held until their answer and their work ended. */
    private final PlacesHeld places = new PlacesHeld();
    private final VertxPlatformHttpRouter router;
    private final HttpServerOptions options;
    /** The once-a-second lines of the handlers, told each second ({@link OncePerSecond#flush()}). */
    private final List<OncePerSecond> lines;
    private HttpServer server;
    private long flushTimer = -1;

    /**
     * @param served the key and certificate the node serves ({@code ServedCertificate})
     * @param tokens the products' tokens, for {@link RefusedOnHeaders}
     * @param flood each client's requests per second, counted on a report's headers ({@link RefusedOnHeaders})
     */
    public IntakeServer(String host, int port, KeyCertOptions served, Limits limits, ProductTokens tokens,
            FloodGuard flood) {
        this.host = host;
        this.port = port;
        this.vertx = Vertx.vertx();
        SlowAddresses slow = new SlowAddresses();
        this.deadlines = new ConnectionDeadlines(vertx, limits.headerMillis(), limits.bodyMillis(),
                limits.minBodyBytesPerSecond(), slow);
        this.perAddress = new ConnectionsPerAddress(limits.maxConnectionsPerAddress());
        ConnectionsOpen connections = new ConnectionsOpen(limits.maxConnections(), perAddress);
        RefusedBeforeRouting beforeRouting = new RefusedBeforeRouting();
        RequestsInProgress inProgress = new RequestsInProgress(limits.maxInProgress(), places);
        RequestsInProgressPerAddress inProgressPerAddress = new RequestsInProgressPerAddress(
                limits.maxInProgressPerAddress(), places, slow);
        ServerFailures failures = new ServerFailures(limits.maxBodyBytes());
        RefusedOnHeaders onHeaders = new RefusedOnHeaders(tokens, flood, limits.maxBodyBytes());
        List<OncePerSecond> all = new ArrayList<>(failures.lines());
        all.addAll(List.of(connections.refusals(), perAddress.refusals(), beforeRouting.refusals(),
                inProgress.refusals(), pipelined));
        all.addAll(onHeaders.refusals());
        all.addAll(inProgressPerAddress.refusals());
        all.addAll(deadlines.lines());
        this.lines = List.copyOf(all);
        Router routes = Router.router(vertx);
        routes.route().handler(new AnswerHeaders()).handler(deadlines).handler(beforeRouting)
                .handler(inProgressPerAddress).handler(inProgress)
                .failureHandler(failures);
        routes.post("/v1/reports").handler(onHeaders);
        // what no route takes: the node's own short texts, as every other answer (Vert.x would answer HTML)
        routes.errorHandler(404, context -> fixed(context, Refusal.NO_SUCH_PATH));
        routes.errorHandler(405, context -> fixed(context, Refusal.METHOD_NOT_TAKEN));
        BodyHandler body = BodyHandler.create(false).setBodyLimit(limits.maxBodyBytes());
        this.router = new VertxPlatformHttpRouter(null, vertx, routes, routerName()) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                return context -> {
                    places.routed(context); // a route works on it: its places are held until that work ended
                    context.request().resume();
                    body.handle(context);
                };
            }
        };
        this.options = new HttpServerOptions().setHost(host).setPort(port).setSsl(true)
                .setKeyCertOptions(served).setSslEngineOptions(new CountedTls(connections));
        CountedTls.CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    }

    private static void fixed(RoutingContext context, Refusal refusal) {
        context.response().setStatusCode(refusal.status()).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(refusal.text());
    }

    /**
     * Stops a start early, with one line, when {@code host:port} cannot be opened (another process listens there, or
     * the host is not an address of this machine): the server itself only listens once the routes are up.
     */
    public static void requireFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new IllegalArgumentException("collector.port: cannot listen on " + host + ":" + port
                    + " (another process listens there, or collector.host is not an address of this machine)");
        }
    }

    /** The name platform-http looks its router up by, for this server's port. */
    public String routerName() {
        return VertxPlatformHttpRouter.getRouterNameFromPort(port);
    }

    /** The router, to bind as {@link #routerName()}. */
    public VertxPlatformHttpRouter router() {
        return router;
    }

    /**
     * What tells the in-progress limits that a route's work on a request ended ({@link PlacesHeld}): a route policy
     * factory, to bind in the registry before the routes are made.
     */
    public WorkEnded workEnded() {
        return new WorkEnded(places);
    }

    /** Tells platform-http which port (so which router) its consumers use: bind it beside the router. */
    public VertxPlatformHttpServerConfiguration engineConfiguration() {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(host);
        configuration.setBindPort(port);
        return configuration;
    }

    @Override
    protected void doStart() throws Exception {
        server = vertx.createHttpServer(options).connectionHandler(connection -> {
            OneRequestAtATime.install(connection, pipelined);
            deadlines.connected(connection);
        }).requestHandler(router);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BindException) {
                throw new IllegalArgumentException("collector.port: cannot listen on " + host + ":" + port + " ("
                        + e.getCause().getMessage() + ")");
            }
            throw e;
        }
        flushTimer = vertx.setPeriodic(1000, tick -> lines.forEach(OncePerSecond::flush));
        LOG.info("Listening on https://{}:{} (reports: POST /v1/reports; fleet view: /fleet; TLS: {})", host, port,
                CountedTls.engine());
    }

    @Override
    protected void doStop() throws Exception {
        if (flushTimer >= 0) {
            vertx.cancelTimer(flushTimer);
        }
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
