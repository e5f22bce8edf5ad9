package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a client may keep a connection of the intake waiting (Vert.x's server has no such limit of its own: a
 * silent or trickling client would hold its connection for ever):
 * <ul>
 * <li><b>for a request</b>: a connection must have sent a whole request's headers within {@code headerMillis}
 * ({@code collector.intake.header-timeout-seconds}) of opening, and of each answer it got (keep-alive); else it is
 * closed: one INFO line a second with how many never sent a request (silent or slow clients), DEBUG for an idle
 * keep-alive one;</li>
 * <li><b>for a body</b>: a request's body must have arrived within {@code bodyMillis}
 * ({@code collector.intake.body-timeout-seconds}) of its headers; else 408 {@code request body too slow} and the
 * connection closed, one INFO line a second with how many. The time the route then takes (Kafka, the database) is
 * bounded by their own timeouts, not by this one;</li>
 * <li><b>for a body's rate</b>: from {@link #GRACE_MILLIS} after its headers, a request's body must have arrived at
 * {@code minBytesPerSecond} on average since then ({@code collector.intake.min-body-bytes-per-second}, checked each
 * second; 0: no minimum), else the same 408, counted in the same line. So a client with a token can no longer hold a
 * place of the in-progress limits for the whole body timeout with a trickle of bytes: holding one for 30 s costs it
 * 25 s × the minimum (100 KiB at the default 4 KiB/s), and its place is freed as soon as it falls behind.</li>
 * </ul>
 * The address of each request answered 408 goes to {@link SlowAddresses}: one request in progress for a minute.
 * The TLS handshake is bounded by Vert.x itself (10 s). Installed by {@link IntakeServer}: {@link #connected} as the
 * server's connection handler, this handler first on its router. Each connection's timers run on its event loop.
 */
final class ConnectionDeadlines implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");
    /** How long a body may take to start arriving at the minimum rate (a client's TLS and TCP warming up): 5 s. */
    static final long GRACE_MILLIS = 5_000;

    private final Vertx vertx;
    private final long headerMillis;
    private final long bodyMillis;
    private final long minBytesPerSecond;
    private final SlowAddresses slow;
    private final Map<HttpConnection, Waiting> open = new ConcurrentHashMap<>();
    private final OncePerSecond silent;
    private final OncePerSecond tooSlow = new OncePerSecond((count, client) -> LOG.info("refused {} request(s) with"
            + " HTTP {}: {} (the last from client {})", count, Refusal.BODY_TOO_SLOW.status(),
            Refusal.BODY_TOO_SLOW.text(), client));

    /**
     * @param minBytesPerSecond the slowest a body may arrive on average, from {@link #GRACE_MILLIS}; 0: no minimum
     * @param slow where the address of each request answered 408 goes ({@link SlowAddresses})
     */
    ConnectionDeadlines(Vertx vertx, long headerMillis, long bodyMillis, long minBytesPerSecond, SlowAddresses slow) {
        this.vertx = vertx;
        this.slow = slow;
        this.headerMillis = headerMillis;
        this.bodyMillis = bodyMillis;
        this.minBytesPerSecond = minBytesPerSecond;
        this.silent = new OncePerSecond((count, client) -> LOG.info("closed {} connection(s) that sent no whole request"
                + " within {} ms (the last from client {})", count, headerMillis, client));
    }

    /** Its once-a-second lines, for {@link IntakeServer}'s timer. */
    List<OncePerSecond> lines() {
        return List.of(silent, tooSlow);
    }

    /** A new connection: it has {@code headerMillis} to send its first request's headers. */
    void connected(HttpConnection connection) {
        Waiting waiting = new Waiting(connection);
        open.put(connection, waiting);
        connection.closeHandler(closed -> {
            open.remove(connection);
            waiting.cancel();
        });
        waiting.forRequest();
    }

    /** A request's headers arrived: its body has {@code bodyMillis}; once answered, the next request's wait begins. */
    @Override
    public void handle(RoutingContext context) {
        Waiting waiting = open.get(context.request().connection());
        if (waiting != null) {
            waiting.forBody(context);
            context.addEndHandler(answered -> waiting.forRequest());
        }
        context.next();
    }

    /** One connection's running timers: its deadline, and while a body arrives the check of its rate. */
    private final class Waiting {

        private final HttpConnection connection;
        private long timer = -1;
        private long rate = -1;
        private boolean served;

        Waiting(HttpConnection connection) {
            this.connection = connection;
        }

        void forRequest() {
            cancel();
            timer = vertx.setTimer(headerMillis, fired -> {
                if (served) {
                    LOG.debug("closed an idle connection after {} ms (client {})", headerMillis, client());
                } else {
                    silent.count(client());
                }
                connection.close();
            });
        }

        void forBody(RoutingContext context) {
            cancel();
            served = true;
            timer = vertx.setTimer(bodyMillis, fired -> refuse(context));
            if (minBytesPerSecond > 0) {
                long started = System.nanoTime();
                rate = vertx.setPeriodic(GRACE_MILLIS, 1000, tick -> {
                    long late = (System.nanoTime() - started) / 1_000_000 - GRACE_MILLIS;
                    if (arrived(context)) {
                        vertx.cancelTimer(tick);
                    } else if (context.request().bytesRead() < minBytesPerSecond * late / 1000) {
                        refuse(context);
                    }
                });
            }
        }

        /** 408 and the connection closed, unless the body arrived (or the request was answered) meanwhile. */
        private void refuse(RoutingContext context) {
            if (arrived(context)) {
                return;
            }
            cancel();
            Refusal refusal = Refusal.BODY_TOO_SLOW;
            tooSlow.count(client());
            if (connection.remoteAddress() != null && connection.remoteAddress().hostAddress() != null) {
                slow.slow(ClientKey.of(connection.remoteAddress().hostAddress()));
            }
            context.response().setStatusCode(refusal.status()).putHeader("Content-Type",
                    "text/plain; charset=utf-8").putHeader("Connection", "close").end(refusal.text())
                    .onComplete(sent -> connection.close());
        }

        private boolean arrived(RoutingContext context) {
            return context.request().isEnded() || context.response().ended();
        }

        void cancel() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            if (rate >= 0) {
                vertx.cancelTimer(rate);
                rate = -1;
            }
        }

        private String client() {
            return connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().toString();
        }
    }
}
