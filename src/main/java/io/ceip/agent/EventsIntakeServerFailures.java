package io.ceip.agent;

import io.ceip.agent.events.EventIntake;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the events' HTTP server ({@link EventsIntakeServer}) refuses before the route {@code ceip-events-http} runs, answered as the intake answers
 * ({@link EventIntake}: {@code application/json}, a short fixed text, one line) in place of Vert.x's plain
 * {@code Request Entity Too Large} and its {@code ERROR RoutingContext - Unhandled exception in router}: the failure
 * handler of the server's router, every path ({@link #install}).
 * <ul>
 * <li>a body over {@code ceip.events.http.max-body-bytes}, announced by its
 * {@code Content-Length} or counted as it arrives: {@link EventIntake#tooLarge} (413);</li>
 * <li>the client hung up before its body was read: {@link EventIntake#brokeOff}, no answer;</li>
 * <li>another 4xx (bad chunked framing: 400; an {@code Expect} it does not meet: 417):
 * {@link EventIntake#unreadable};</li>
 * <li>anything else: 503 {@code {"error":"events cannot be stored now"}}, one warning with the failure's class;</li>
 * <li>a failure after the answer went out (the client hanging up on the rest of a refused body): DEBUG only.</li>
 * </ul>
 * The failure itself (Vert.x's exception) is logged only at DEBUG.
 */
final class EventsIntakeServerFailures implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(EventsIntakeServerFailures.class);

    private final EventIntake intake;

    EventsIntakeServerFailures(EventIntake intake) {
        this.intake = intake;
    }

    /**
     * Sets the handler on {@code routes}, the router of {@link EventsIntakeServer}: first on every path
     * {@link EventsIntakeOneRequestAtATime}, then the refusal of URL parameters, then on the
     * intake's path {@link EventsIntakeBeforeTheBody} ({@code maxBodyBytes}: what a refused client may still send).
     */
    static void install(Router routes, EventIntake intake, long maxBodyBytes) {
        routes.route().order(Integer.MIN_VALUE).handler(EventsIntakeOneRequestAtATime::firstOnEachRequest)
                .handler(request -> refuseUrlParameters(request, intake));
        routes.route(HttpMethod.POST, "/ceip/events").order(Integer.MIN_VALUE + 1)
                .handler(new EventsIntakeBeforeTheBody(intake, maxBodyBytes));
        routes.route().failureHandler(new EventsIntakeServerFailures(intake));
    }

    /** A request whose URL has parameters: {@link EventIntake#urlParameters} (400, the connection closed). */
    private static void refuseUrlParameters(RoutingContext context, EventIntake intake) {
        if (context.request().query() == null) {
            context.next();
            return;
        }
        EventIntake.Answer answer = intake.urlParameters();
        // Vert.x keeps an HTTP/1.x connection alive by the request's headers alone: closed here, once the answer is
        // sent (an HTTP/2 one, after an h2c upgrade, serves other streams: its refused stream ends with the answer)
        boolean http1 = context.request().version() != HttpVersion.HTTP_2;
        HttpServerResponse response = context.response().setStatusCode(answer.status())
                .putHeader("Content-Type", "application/json");
        if (http1) {
            response.putHeader("Connection", "close");
        }
        response.end(answer.body()).onComplete(sent -> {
            if (http1) {
                context.request().connection().close();
            }
        });
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        Throwable failure = context.failure();
        if (failure != null) {
            LOG.debug("Events: HTTP intake: the server's failure", failure);
        }
        if (response.ended()) {
            return;
        }
        if (response.closed() || failure instanceof HttpClosedException) {
            intake.brokeOff();
            return;
        }
        int status = context.statusCode();
        EventIntake.Answer answer;
        if (status == 413) {
            answer = intake.tooLarge();
        } else if (status >= 400 && status < 500) {
            answer = intake.unreadable(status, "status " + status);
        } else {
            LOG.warn("Events: HTTP intake: a request failed in the HTTP server ({}): answered 503",
                    failure == null ? "status " + status : failure.getClass().getSimpleName());
            answer = new EventIntake.Answer(503, "{\"error\":\"events cannot be stored now\"}");
        }
        response.setStatusCode(answer.status()).putHeader("Content-Type", "application/json").end(answer.body());
    }
}
