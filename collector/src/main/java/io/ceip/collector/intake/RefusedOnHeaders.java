package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;

import java.util.List;
import java.util.Optional;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A report's request refused on its headers alone, before its body is read or a {@code 100 Continue} is sent: one of
 * {@code Authorization}, {@code Content-Type}, {@code Content-Encoding} sent twice ({@link Refusal#REPEATED_HEADER},
 * 400), no known product token ({@link Refusal#UNAUTHORIZED}, 401), a {@code Content-Type} other than JSON or a
 * {@code Content-Encoding} other than gzip or none ({@link RequestBody#refusal}, 415). So a client without a token
 * cannot make the node read a body (up to {@code collector.intake.max-compressed-bytes} each), one sending
 * {@code Expect: 100-continue} is answered before it sends one, and a form's body is never parsed (platform-http
 * would turn it into headers, and the intake answered 503). The same fixed texts as the intake route's refusals,
 * which checks all of this again (ceip-intake); the connection is closed after the answer ({@link ClosingAnswer}: a
 * body sent anyway is dropped as it arrives, up to {@code collector.intake.max-compressed-bytes}).
 * One line a second says how many were refused, never a token. Installed by {@link IntakeServer} on
 * {@code POST /v1/reports}, after the handlers of every path.
 */
final class RefusedOnHeaders implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");
    /** Headers sent twice would be read here as their first value and by the route as another: refused (400). */
    private static final List<String> REPEATABLE_NOT = List.of("Authorization", "Content-Type", "Content-Encoding");

    private final ProductTokens tokens;
    private final long maxBodyBytes;
    private final OncePerSecond refusals = new OncePerSecond((count, last) -> LOG.info("refused {} report request(s)"
            + " on their headers, the last with HTTP {}", count, last));

    /** @param maxBodyBytes how much of a refused request's body is read (and dropped) before its connection closes */
    RefusedOnHeaders(ProductTokens tokens, long maxBodyBytes) {
        this.tokens = tokens;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Its once-a-second line, for {@link IntakeServer}'s timer. */
    OncePerSecond refusals() {
        return refusals;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        Optional<Refusal> refusal = REPEATABLE_NOT.stream().anyMatch(name -> request.headers().getAll(name).size() > 1)
                ? Optional.of(Refusal.REPEATED_HEADER)
                : tokens.product(request.getHeader("Authorization")).isEmpty() ? Optional.of(Refusal.UNAUTHORIZED)
                : RequestBody.refusal(request.getHeader("Content-Type"), request.getHeader("Content-Encoding"));
        if (refusal.isEmpty()) {
            context.next();
            return;
        }
        refusals.count(refusal.get().status() + ": " + refusal.get().text() + " (client " + request.remoteAddress()
                + ")");
        ClosingAnswer.send(context, refusal.get(), maxBodyBytes);
    }
}
