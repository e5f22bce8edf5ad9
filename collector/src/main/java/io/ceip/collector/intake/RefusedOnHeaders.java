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
 * 400), no known product token ({@link Refusal#UNAUTHORIZED}, 401), its client past its requests of this second
 * ({@link FloodGuard}, {@code collector.intake.max-requests-per-second}: {@link Refusal#TOO_MANY_REQUESTS}, 429 with
 * {@code Retry-After: 1}; every request with a token is counted here, once), a {@code Content-Type} other than JSON
 * or a {@code Content-Encoding} other than gzip or none ({@link RequestBody#refusal}, 415). So neither a client
 * without a token nor a flooding one can make the node read a body (up to
 * {@code collector.intake.max-compressed-bytes} each), one sending {@code Expect: 100-continue} is answered before it
 * sends one, and a form's body is never parsed (platform-http would turn it into headers, and the intake answered
 * 503). The same fixed texts as the intake route's refusals, which checks the rest again (ceip-intake); the connection
 * is closed after the answer ({@link ClosingAnswer}: a body sent anyway is dropped as it arrives, never kept, up to
 * {@code collector.intake.max-compressed-bytes}). One line a second says how many were refused, never a token, and
 * one a second how many were refused for their rate. Installed by {@link IntakeServer} on {@code POST /v1/reports},
 * after the handlers of every path.
 */
final class RefusedOnHeaders implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");
    /** Headers sent twice would be read here as their first value and by the route as another: refused (400). */
    private static final List<String> REPEATABLE_NOT = List.of("Authorization", "Content-Type", "Content-Encoding");

    private final ProductTokens tokens;
    private final FloodGuard flood;
    private final long maxBodyBytes;
    private final OncePerSecond refusals = new OncePerSecond((count, last) -> LOG.info("refused {} report request(s)"
            + " on their headers, the last with HTTP {}", count, last));
    private final OncePerSecond flooded = new OncePerSecond((count, last) -> LOG.info("refused {} report request(s)"
            + " with HTTP 429: too many requests (client {}), past collector.intake.max-requests-per-second, before"
            + " their body", count, last));

    /**
     * @param flood the requests per second of each client (the fleet view counts toward the same)
     * @param maxBodyBytes how much of a refused request's body is read (and dropped) before its connection closes
     */
    RefusedOnHeaders(ProductTokens tokens, FloodGuard flood, long maxBodyBytes) {
        this.tokens = tokens;
        this.flood = flood;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Its once-a-second lines, for {@link IntakeServer}'s timer. */
    List<OncePerSecond> refusals() {
        return List.of(refusals, flooded);
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        Optional<Refusal> refusal = REPEATABLE_NOT.stream().anyMatch(name -> request.headers().getAll(name).size() > 1)
                ? Optional.of(Refusal.REPEATED_HEADER)
                : tokens.product(request.getHeader("Authorization")).isEmpty() ? Optional.of(Refusal.UNAUTHORIZED)
                : !flood.allow(ClientKey.of(request.remoteAddress().host())) ? Optional.of(Refusal.TOO_MANY_REQUESTS)
                : RequestBody.refusal(request.getHeader("Content-Type"), request.getHeader("Content-Encoding"));
        if (refusal.isEmpty()) {
            context.next();
            return;
        }
        if (refusal.get() == Refusal.TOO_MANY_REQUESTS) {
            flooded.count(request.remoteAddress().toString());
        } else {
            refusals.count(refusal.get().status() + ": " + refusal.get().text() + " (client "
                    + request.remoteAddress() + ")");
        }
        ClosingAnswer.send(context, refusal.get(), maxBodyBytes);
    }
}
