package io.ceip.agent.events;


import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The events' HTTP server: a Vert.x server on {@value #HOST} whose router the route {@code ceip-events-http}
 * ({@code platform-http:/ceip/events}) adds its path to, as it would to Camel's embedded server
 * ({@code camel.server.*}), which this replaces because that one bounds neither connections nor their time: any
 * local process could hold as many connections as it liked, each a file descriptor of the agent, for ever (2,000
 * idle ones stayed open past a minute). Here:
 * <ul>
 * <li>at most {@value #MAX_CONNECTIONS} connections open at once: a new one past it is closed at once
 * ({@link EventIntake#connectionsRefused}: a warning for the first, then the first of each second); a product posts
 * one request at a time;</li>
 * <li>a connection that reads and writes nothing for {@value #IDLE_SECONDS} s is closed (Vert.x's idle timeout): a
 * product's client that leaks its connections does not take every place for ever; so is one that has not sent a
 * whole request head {@value #HEADER_SECONDS} s after it opened or after its last answer (a head trickling in, which
 * the idle timeout does not see);</li>
 * <li>a body over {@code maxBodyBytes} is refused while it arrives (413, {@link IntakeServerFailures}); no file
 * uploads; what the server itself refuses is answered by {@link IntakeServerFailures};</li>
 * <li>first on every path, one request at a time ({@link IntakeOneRequestAtATime}) and no URL parameters (400);
 * on the intake's path, what is refused before the body ({@link IntakeBeforeTheBody}); another path or method:
 * 404, 405, each a short JSON text.</li>
 * </ul>
 * One event-loop thread and a small worker pool. Bound by {@link EventsIntakeConfiguration} where platform-http looks
 * ({@link #routerName()}, {@link #engineConfiguration()}); a Camel service: it listens when the context starts and
 * closes, then its Vert.x, when the context stops.
 */
public final class IntakeServer extends ServiceSupport {

    /** The only address it listens on. */
    public static final String HOST = "127.0.0.1";
    /** Connections open at once. */
    public static final int MAX_CONNECTIONS = 16;
    /** A connection with no byte read or written this long is closed. */
    public static final int IDLE_SECONDS = 30;
    /** A connection must have sent a whole request head this long after it opened, and after each answer. */
    public static final int HEADER_SECONDS = 10;

    /**
     * The server's limits.
     *
     * @param maxBodyBytes the largest body ({@code ceip.events.http.max-body-bytes})
     * @param bodySeconds how long a body may take to arrive ({@code ceip.events.http.body-timeout-seconds})
     * @param headerSeconds how long a request head may take ({@link #HEADER_SECONDS})
     * @param idleSeconds how long a connection may read and write nothing ({@link #IDLE_SECONDS})
     */
    public record Limits(long maxBodyBytes, int bodySeconds, int headerSeconds, int idleSeconds) {
    }

    private final int port;
    private final Limits limits;
    private final EventIntake intake;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
            .setInternalBlockingPoolSize(2));
    private final AtomicInteger open = new AtomicInteger();
    /** The connections waiting for a request head, with the timer that closes them. */
    private final Map<HttpConnection, Long> awaiting = new ConcurrentHashMap<>();
    private final VertxPlatformHttpRouter router;
    private HttpServer server;

    public IntakeServer(int port, EventIntake intake, Limits limits) {
        this.port = port;
        this.limits = limits;
        this.intake = intake;
        Router routes = Router.router(vertx);
        routes.route().order(Integer.MIN_VALUE).handler(this::requestArrived)
                .handler(IntakeOneRequestAtATime::firstOnEachRequest).handler(this::refuseUrlParameters);
        routes.route(HttpMethod.POST, "/ceip/events").order(Integer.MIN_VALUE + 1)
                .handler(new IntakeBeforeTheBody(intake, limits.maxBodyBytes(), limits.bodySeconds()));
        routes.route().failureHandler(new IntakeServerFailures(intake, limits.maxBodyBytes()));
        // another path or method: a short JSON text as every other answer, not Vert.x's HTML page
        routes.errorHandler(404, context -> shortAnswer(context, new EventIntake.Answer(404,
                "{\"error\":\"not found\"}")));
        routes.errorHandler(405, context -> shortAnswer(context, new EventIntake.Answer(405,
                "{\"error\":\"POST only\"}")));
        BodyHandler body = BodyHandler.create(false).setBodyLimit(limits.maxBodyBytes());
        this.router = new VertxPlatformHttpRouter(null, vertx, routes, routerName()) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                return context -> {
                    context.request().resume();
                    body.handle(context);
                };
            }
        };
    }

    /** The name platform-http looks its router up by, for this server's port. */
    public String routerName() {
        return VertxPlatformHttpRouter.getRouterNameFromPort(port);
    }

    /** The router, to bind as {@link #routerName()}. */
    public VertxPlatformHttpRouter router() {
        return router;
    }

    /** Tells platform-http which port (so which router) its consumers use: bound beside the router. */
    public VertxPlatformHttpServerConfiguration engineConfiguration() {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(HOST);
        configuration.setBindPort(port);
        return configuration;
    }

    @Override
    protected void doStart() throws Exception {
        // HTTP/1.1 only: with h2c on, Vert.x would wait for a connection's first bytes before telling it (to see
        // whether they are HTTP/2's), and a connection that sends nothing would never be counted
        server = vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(port)
                .setHttp2ClearTextEnabled(false).setIdleTimeout(limits.idleSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS))
                .connectionHandler(this::admit)
                .requestHandler(router);
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void admit(HttpConnection connection) {
        connection.closeHandler(closed -> {
            open.decrementAndGet();
            Optional.ofNullable(awaiting.remove(connection)).ifPresent(vertx::cancelTimer);
        });
        if (open.incrementAndGet() > MAX_CONNECTIONS) {
            intake.connectionsRefused(MAX_CONNECTIONS);
            connection.close();
            return;
        }
        awaitRequest(connection);
    }

    /** {@code connection} is closed unless a whole request head arrives within the limit. */
    private void awaitRequest(HttpConnection connection) {
        awaiting.put(connection, vertx.setTimer(TimeUnit.SECONDS.toMillis(limits.headerSeconds()), late -> {
            if (awaiting.remove(connection) != null) {
                connection.close();
            }
        }));
    }

    /** The router's first handler: a request head arrived; the next one is awaited once it is answered. */
    private void requestArrived(RoutingContext context) {
        HttpConnection connection = context.request().connection();
        Optional.ofNullable(awaiting.remove(connection)).ifPresent(vertx::cancelTimer);
        context.addEndHandler(ended -> awaitRequest(connection));
        context.next();
    }

    /** A request whose URL has parameters: {@link EventIntake#urlParameters} (400, the connection closed after it). */
    private void refuseUrlParameters(RoutingContext context) {
        if (context.request().query() == null) {
            context.next();
            return;
        }
        // Vert.x keeps a connection alive by the request's headers alone: closed here, once the answer is sent
        context.response().putHeader("Connection", "close");
        shortAnswer(context, intake.urlParameters()).onComplete(sent -> context.request().connection().close());
    }

    private static Future<Void> shortAnswer(RoutingContext context, EventIntake.Answer answer) {
        return context.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                .end(answer.body());
    }
}
