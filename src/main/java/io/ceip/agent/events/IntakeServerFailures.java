package io.ceip.agent.events;


import java.io.IOException;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the events' HTTP server ({@link IntakeServer}) refuses before the route {@code ceip-events-http} runs,
 * answered as the intake answers ({@link EventIntake}: {@code application/json}, a short fixed text, one line) in
 * place of Vert.x's plain
 * {@code Request Entity Too Large} and its {@code ERROR RoutingContext - Unhandled exception in router}: the failure
 * handler of the server's router, every path ({@link IntakeServer}).
 * <ul>
 * <li>a body over {@code ceip.events.http.max-body-bytes}, announced by its {@code Content-Length} or counted as it
 * arrives: {@link EventIntake#tooLarge} (413), and the connection closed after it, what the client still sends
 * dropped and cut off past the same limit (Vert.x would read the whole announced body);</li>
 * <li>the client hung up or reset before its body was read: {@link EventIntake#brokeOff}, no answer;</li>
 * <li>a request that cannot be read (bad chunked framing: 400; no {@code Host}: 400; an {@code Expect} it does not
 * meet: 417; another 4xx): {@link EventIntake#unreadable};</li>
 * <li>anything else: {@link EventIntake#failed} (503 {@code {"error":"events cannot be stored now"}});</li>
 * <li>a failure after the answer went out, or a second report of the same request: DEBUG only.</li>
 * </ul>
 * Each kind's line is logged for the first, then the first of each second, with a count ({@link EventIntake}).
 * The failure itself (Vert.x's exception) is logged only at DEBUG.
 */
final class IntakeServerFailures implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeServerFailures.class);

    /** Marks a request whose failure was answered: Vert.x may report a reset, then the close. */
    private static final String HANDLED = "ceip.failure.handled";

    private final EventIntake intake;
    private final long maxBodyBytes;

    IntakeServerFailures(EventIntake intake, long maxBodyBytes) {
        this.intake = intake;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        Throwable failure = context.failure();
        if (failure != null) {
            LOG.debug("Events: HTTP intake: the server's failure", failure);
        }
        if (response.ended() || context.get(HANDLED) != null) {
            return;
        }
        context.put(HANDLED, Boolean.TRUE);
        if (response.closed() || failure instanceof HttpClosedException || failure instanceof IOException) {
            intake.brokeOff();
            return;
        }
        int status = unreadable(failure) ? 400 : context.statusCode();
        if (status == 413) {
            IntakeBeforeTheBody.closingAnswer(context, intake.tooLarge(), maxBodyBytes);
            return;
        }
        String why = failure == null ? "status " + status : failure.getClass().getSimpleName();
        EventIntake.Answer answer = status >= 400 && status < 500 ? intake.unreadable(status, why) : intake.failed(why);
        response.setStatusCode(answer.status()).putHeader("Content-Type", "application/json").end(answer.body());
    }

    /**
     * A failure of the request's framing, not of the server: Netty's decoder failing on the body (a chunk size that is
     * no number: NumberFormatException; a frame too long: a DecoderException).
     */
    private static boolean unreadable(Throwable failure) {
        return failure instanceof NumberFormatException || failure instanceof DecoderException;
    }
}
