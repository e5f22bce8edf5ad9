package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;

import java.util.List;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What no path of the node takes, refused before any route sees the request, each answered 400 (a fixed text, the
 * body unread) and its connection closed, with one line a second saying how many, never showing the URL:
 * <ul>
 * <li>URL parameters ({@link Refusal#URL_PARAMETERS}): Camel's platform-http turns every query parameter into a
 * message header, so {@code ?Authorization=Bearer%20…} would stand for the header, and a token in a URL lands in
 * browser histories, bookmarks and proxy logs;</li>
 * <li>a message whose length can be read two ways ({@link Refusal#AMBIGUOUS_LENGTH}): {@code Transfer-Encoding} with
 * {@code Content-Length}, either header twice, or a {@code Transfer-Encoding} other than {@code chunked} alone
 * ({@code gzip}, {@code chunked, gzip}: RFC 9112 6.3 says 400 and close). Netty reads such a body by its chunks, or
 * as none; a proxy in front reading it by its length would take the rest for another request (request smuggling).
 * Closing the connection leaves nothing after it to be read as a request.</li>
 * <li>a body on any method but {@code POST} ({@link Refusal#BODY_NOT_TAKEN}): the fleet view's {@code GET}s were read
 * whole before their token was checked, so a client without any token held a place of
 * {@code collector.intake.max-requests-in-progress} for up to the body timeout (review s23).</li>
 * <li>{@code Host} twice ({@link Refusal#HOST_TWICE}; RFC 9112 3.2 says 400): a proxy in front and the node could
 * each take another one for the request's host (review s24).</li>
 * </ul>
 * Netty drops a {@code Content-Length} sent beside {@code Transfer-Encoding: chunked} before any handler sees it, so
 * that pair cannot be told from a chunked request: every chunked request's answer says {@code Connection: close} and
 * its connection is closed once the answer is out (review s23: a second request sent after the answer was served),
 * so nothing after its last chunk is read as a request either.
 * Installed by {@link IntakeServer} on every path, after {@link ConnectionDeadlines}.
 */
final class RefusedBeforeRouting implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");

    private final OncePerSecond refusals = new OncePerSecond((count, last) -> LOG.info("refused {} request(s) with"
            + " HTTP 400: {}", count, last));

    /** Its once-a-second line, for {@link IntakeServer}'s timer. */
    OncePerSecond refusals() {
        return refusals;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        int lengths = request.headers().getAll("Content-Length").size();
        List<String> encodings = request.headers().getAll("Transfer-Encoding");
        Refusal refusal = request.query() != null ? Refusal.URL_PARAMETERS
                : request.headers().getAll("Host").size() > 1 ? Refusal.HOST_TWICE
                : lengths + encodings.size() > 1 || encodings.size() == 1
                        && !encodings.get(0).trim().equalsIgnoreCase("chunked") ? Refusal.AMBIGUOUS_LENGTH
                : request.method() != HttpMethod.POST && (!encodings.isEmpty() || lengths == 1
                        && !request.getHeader("Content-Length").trim().equals("0")) ? Refusal.BODY_NOT_TAKEN : null;
        if (refusal == null) {
            if (!encodings.isEmpty()) { // chunked, perhaps with a Content-Length Netty dropped: one request only
                context.addHeadersEndHandler(ending -> context.response().headers().set("Connection", "close"));
                context.addEndHandler(answered -> {
                    if (request.isEnded()) { // else the refusal answered before the body closes it (ClosingAnswer)
                        request.connection().close();
                    }
                });
            }
            context.next();
            return;
        }
        refusals.count(refusal.text() + " (the last from client " + request.remoteAddress() + ")");
        // Vert.x keeps a connection alive by the request's headers alone: the answer's Connection: close is closed
        // here, once it is sent
        context.response().setStatusCode(refusal.status()).putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Connection", "close").end(refusal.text())
                .onComplete(sent -> request.connection().close());
    }
}
