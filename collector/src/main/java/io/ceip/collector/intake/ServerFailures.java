package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;

import java.io.IOException;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
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
 * ({@link IntakeServer}). One line on {@code ceip.intake}, as the routes' refusals (ceip-http-errors), naming the
 * refusal and the client; the failure's stack trace only at DEBUG:
 * <ul>
 * <li>a body over {@code collector.intake.max-compressed-bytes}: announced by
 * its {@code Content-Length} or counted while it arrives (chunked): 413 {@code compressed body too large}, INFO;</li>
 * <li>the client closed the connection (or it failed: a reset, a TLS error) before its body was read: no answer
 * (nobody to read it), one INFO line a second with how many;</li>
 * <li>a request the server cannot read (bad chunked framing: 400; an {@code Expect} it does not meet: 417): that
 * status with {@code body could not be read}, INFO; Vert.x closes a connection whose chunks it cannot parse, often
 * before the answer is out: the line, written once the answer was sent or not, says which;</li>
 * <li>anything else: 503 {@code service unavailable, retry later} with {@code Retry-After: 30}, WARN with the
 * failure's class, never its message (and whether the answer went out);</li>
 * <li>a failure after the answer went out (the client hanging up on the rest of a refused body): DEBUG only.</li>
 * </ul>
 */
public final class ServerFailures implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");

    private final OncePerSecond brokenOff = new OncePerSecond((count, client) -> LOG.info("{} request(s) broke off"
            + " before their body was read, not answered (the last from client {})", count, client));

    /** Its once-a-second line, for {@link IntakeServer}'s timer. */
    OncePerSecond brokenOff() {
        return brokenOff;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        Throwable failure = context.failure();
        String client = client(context.request().remoteAddress());
        if (response.ended()) {
            LOG.debug("request failed after its answer (client {})", client, failure);
            return;
        }
        if (response.closed() || failure instanceof HttpClosedException || failure instanceof IOException) {
            brokenOff.count(client);
            debug(failure);
            return;
        }
        int status = unreadable(failure) ? Refusal.UNREADABLE.status() : context.statusCode();
        if (status == Refusal.COMPRESSED_TOO_LARGE.status()) {
            LOG.info("refused with HTTP {}: {} (client {})", status, Refusal.COMPRESSED_TOO_LARGE.text(), client);
            debug(failure);
            answer(response, status, Refusal.COMPRESSED_TOO_LARGE.text());
            return;
        }
        debug(failure);
        String cause = failure == null ? "status " + status : failure.getClass().getSimpleName();
        if (status >= 400 && status < 500) {
            // Vert.x closes a connection whose body it cannot parse: the line says whether the answer went out
            answer(response, status, Refusal.UNREADABLE.text()).onComplete(sent -> {
                if (sent.succeeded()) {
                    LOG.info("refused with HTTP {}: {} (client {})", status, Refusal.UNREADABLE.text(), client);
                } else {
                    LOG.info("request could not be read ({}): connection closed without an answer (client {})",
                            cause, client);
                }
            });
            return;
        }
        response.putHeader("Retry-After", "30");
        answer(response, 503, "service unavailable, retry later").onComplete(sent -> LOG.warn(
                "request failed in the HTTP server ({}): {} (client {})", cause,
                sent.succeeded() ? "answered HTTP 503" : "connection closed without an answer", client));
    }

    /**
     * A failure of the request's framing, not of the server: Netty's decoder failing on the body (a chunk size that is
     * no number: NumberFormatException; a frame too long: a DecoderException). Any other exception is the server's.
     */
    private static boolean unreadable(Throwable failure) {
        return failure instanceof NumberFormatException || failure instanceof DecoderException;
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
