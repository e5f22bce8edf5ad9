package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No path of the node takes URL parameters, and none may carry a token: Camel's platform-http turns every query
 * parameter into a message header, so {@code ?Authorization=Bearer%20…} would stand for the header, and a token in a
 * URL lands in browser histories, bookmarks and proxy logs. A request whose URL has a query string is answered 400
 * (fixed text, its body unread) before any route sees it, and its connection closed; one line a second says how many,
 * never showing the URL.
 * Installed by {@link IntakeServer} on every path, after {@link ConnectionDeadlines}.
 */
final class UrlParametersRefused implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");

    private final OncePerSecond refusals = new OncePerSecond((count, client) -> LOG.info("refused {} request(s) with"
            + " HTTP {}: {} (the last from client {})", count, Refusal.URL_PARAMETERS.status(),
            Refusal.URL_PARAMETERS.text(), client));

    /** Its once-a-second line, for {@link IntakeServer}'s timer. */
    OncePerSecond refusals() {
        return refusals;
    }

    @Override
    public void handle(RoutingContext context) {
        if (context.request().query() == null) {
            context.next();
            return;
        }
        Refusal refusal = Refusal.URL_PARAMETERS;
        refusals.count(String.valueOf(context.request().remoteAddress()));
        // Vert.x keeps a connection alive by the request's headers alone: the answer's Connection: close is closed
        // here, once it is sent
        context.response().setStatusCode(refusal.status()).putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Connection", "close").end(refusal.text())
                .onComplete(sent -> context.request().connection().close());
    }
}
