package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;

import java.io.IOException;
import java.util.List;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to what the HTTP server itself refuses before a route sees the request, in place of Vert.x's plain
 * {@code Request Entity Too Large} and its {@code ERROR RoutingContext - Unhandled exception in router} (with a stack
 * trace when the client hung up). Installed as the failure handler of every path of the server's router
 * ({@link IntakeServer}). Each kind has one line on {@code ceip.intake} a second at most ({@link OncePerSecond}), with
 * how many and the last client, never a request's content; the failure's stack trace only at DEBUG. Counted once per
 * request (Vert.x may report a reset, then the close):
 * <ul>
 * <li>a body over {@code collector.intake.max-compressed-bytes}: announced by its {@code Content-Length} or counted
 * while it arrives (chunked): 413 {@code compressed body too large}, and the connection closed
 * ({@link ClosingAnswer}: what the client still sends is dropped, cut off past the same limit);</li>
 * <li>the client closed the connection (or it failed: a reset, a TLS error) before its body was read: no answer
 * (nobody to read it);</li>
 * <li>a request the server cannot read (bad chunked framing: 400; an {@code Expect} it does not meet: 417): that
 * status with {@code body could not be read}; Vert.x closes a connection whose chunks it cannot parse, often before
 * the answer is out: the line says whether the last one went out;</li>
 * <li>anything else: 503 {@code service unavailable, retry later} with {@code Retry-After: 30}, a WARN line with the
 * failure's class, never its message (and whether the answer went out);</li>
 * <li>a failure after the answer went out (the client hanging up on the rest of a refused body): DEBUG only;</li>
 * <li>a request Vert.x's router refuses before any path's handler runs: a path not starting with
 * {@code /} ({@code OPTIONS *}, {@code GET fleet}) 404 {@code no such path}, an HTTP/1.1 request without
 * {@code Host} 400 {@code a request carries one Host header}, with the headers of every answer
 * ({@link AnswerHeaders}: these never reached it); before, both were {@code body could not be read}, counted as bad
 * chunked framing, and kept by caches.</li>
 * </ul>
 */
public final class ServerFailures implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");
    /** Marks a request whose failure was answered and counted: a second report of the same request is DEBUG only. */
    private static final String HANDLED = "ceip.failure.handled";

    private final long maxBodyBytes;
    private final OncePerSecond brokenOff = new OncePerSecond((count, client) -> LOG.info("{} request(s) broke off"
            + " before their body was read, not answered (the last from client {})", count, client));
    private final OncePerSecond tooLarge = new OncePerSecond((count, client) -> LOG.info("refused {} request(s) with"
            + " HTTP {}: {} (the last from client {})", count, Refusal.COMPRESSED_TOO_LARGE.status(),
            Refusal.COMPRESSED_TOO_LARGE.text(), client));
    private final OncePerSecond unreadable = new OncePerSecond((count, last) -> LOG.info("{} request(s) could not be"
            + " read (bad chunked framing, an Expect not met); the last {}", count, last));
    private final OncePerSecond unrouted = new OncePerSecond((count, last) -> LOG.info("refused {} request(s)"
            + " before routing; the last {}", count, last));
    private final OncePerSecond failed = new OncePerSecond((count, last) -> LOG.warn("{} request(s) failed in the HTTP"
            + " server; the last {}", count, last));

    /** @param maxBodyBytes the body limit: what a client sends past a 413 is dropped up to as much again */
    public ServerFailures(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Its once-a-second lines, for {@link IntakeServer}'s timer. */
    List<OncePerSecond> lines() {
        return List.of(brokenOff, tooLarge, unreadable, unrouted, failed);
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        Throwable failure = context.failure();
        String client = client(context.request().remoteAddress());
        if (response.ended() || context.get(HANDLED) != null) {
            LOG.debug("request failed after its answer (client {})", client, failure);
            return;
        }
        context.put(HANDLED, Boolean.TRUE);
        debug(failure);
        if (response.closed() || failure instanceof HttpClosedException || failure instanceof IOException) {
            brokenOff.count(client);
            return;
        }
        int status = unreadable(failure) ? Refusal.UNREADABLE.status() : context.statusCode();
        if (status == Refusal.COMPRESSED_TOO_LARGE.status()) {
            tooLarge.count(client);
            ClosingAnswer.send(context, Refusal.COMPRESSED_TOO_LARGE, maxBodyBytes);
            return;
        }
        Refusal unroutable = unroutable(context, status, failure);
        if (unroutable != null) {
            AnswerHeaders.set(response.headers());
            answer(response, unroutable.status(), unroutable.text()).onComplete(sent -> unrouted.count("answered"
                    + " HTTP " + unroutable.status() + ": " + unroutable.text() + " (client " + client + ")"));
            return;
        }
        String cause = failure == null ? "status " + status : failure.getClass().getSimpleName();
        if (status >= 400 && status < 500) {
            // Vert.x closes a connection whose body it cannot parse: the line says whether the answer went out
            answer(response, status, Refusal.UNREADABLE.text()).onComplete(sent -> unreadable.count((sent.succeeded()
                    ? "answered HTTP " + status + ": " + Refusal.UNREADABLE.text()
                    : "closed without an answer (" + cause + ")") + " (client " + client + ")"));
            return;
        }
        response.putHeader("Retry-After", "30");
        answer(response, 503, "service unavailable, retry later").onComplete(sent -> failed.count("(" + cause + ") "
                + (sent.succeeded() ? "answered HTTP 503" : "closed without an answer") + " (client " + client + ")"));
    }

    /**
     * A failure of the request's framing, not of the server: Netty's decoder failing on the body (a chunk size that is
     * no number: NumberFormatException; a frame too long: a DecoderException). Any other exception is the server's.
     */
    private static boolean unreadable(Throwable failure) {
        return failure instanceof NumberFormatException || failure instanceof DecoderException;
    }

    /**
     * What Vert.x's router refused before routing ({@code RoutingContextImpl}): a path not starting with {@code /}
     * (404, no exception), an empty one or an HTTP/1.x request without a valid {@code Host} (400, a
     * {@link VertxException}); else null.
     */
    private static Refusal unroutable(RoutingContext context, int status, Throwable failure) {
        if (failure == null) {
            return status == Refusal.NO_SUCH_PATH.status() ? Refusal.NO_SUCH_PATH : null;
        }
        if (status != Refusal.HOST_TWICE.status() || failure.getClass() != VertxException.class) {
            return null;
        }
        String path = context.request().path();
        return path == null || path.isEmpty() ? Refusal.NO_SUCH_PATH
                : context.request().authority() == null ? Refusal.HOST_TWICE : null;
    }

    private static void debug(Throwable failure) {
        if (failure != null) {
            LOG.debug("the request's failure", failure);
        }
    }

    private static Future<Void> answer(HttpServerResponse response, int status, String text) {
        return response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
    }

    private static String client(SocketAddress remote) {
        return remote == null ? "unknown" : remote.toString();
    }
}
