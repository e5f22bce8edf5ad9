package io.ceip.collector.intake;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every answer the node's router writes carries, a route's or the server's own refusals' (not Vert.x's own
 * empty 414 and 431, written before the router), set as its
 * headers are written (Camel's platform-http would filter some, {@code Cache-Control} among them, out of a route's
 * answer): nothing is kept by a browser or a proxy ({@code Cache-Control: no-store}: the fleet's figures are behind a
 * token), nothing sniffed as another type ({@code nosniff}), no referrer sent on, never framed, and the fleet page
 * (HTML with one inline style sheet, no script) may load nothing else. Installed by {@link IntakeServer}, first on
 * every path.
 */
final class AnswerHeaders implements Handler<RoutingContext> {

    /** The fleet page's policy: no script, no fetch, no frame; its one inline style sheet. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none';"
            + " form-action 'none'; frame-ancestors 'none'";

    @Override
    public void handle(RoutingContext context) {
        context.addHeadersEndHandler(ending -> set(context.response().headers()));
        context.next();
    }

    /** Sets the headers on {@code headers} (also for an answer written before this handler ran: ServerFailures). */
    static void set(MultiMap headers) {
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
}
