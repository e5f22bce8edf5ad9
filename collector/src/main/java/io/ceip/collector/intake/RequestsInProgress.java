package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;

import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many requests the node serves at once ({@code collector.intake.max-requests-in-progress}): each one in
 * progress may hold its body (up to {@code collector.intake.max-compressed-bytes}) and its inflated report in memory,
 * so their number bounds the node's memory, however many clients connect at once. A request past the limit is
 * answered at once, before its body is read: 503 {@code busy, retry later} with {@code Retry-After: 5} and the
 * connection closed; the agent keeps the report and sends it again. A request counts from its headers until its
 * answer ended, or its connection closed and the node's work on it ended ({@link PlacesHeld}). One INFO line per second while requests are refused, with their number.
 * Installed by {@link IntakeServer} on every path, after {@link ConnectionDeadlines}.
 */
final class RequestsInProgress implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");

    private final int max;
    private final AtomicInteger inProgress = new AtomicInteger();
    private final OncePerSecond refusals;
    private final PlacesHeld places;

    /** @param max requests served at once, at least 1 */
    RequestsInProgress(int max, PlacesHeld places) {
        this.max = max;
        this.places = places;
        this.refusals = new OncePerSecond((count, last) -> LOG.info("refused {} request(s) with HTTP {}: {} ({} in"
                + " progress, collector.intake.max-requests-in-progress)", count, Refusal.BUSY.status(),
                Refusal.BUSY.text(), max));
    }

    /** Its once-a-second line, for {@link IntakeServer}'s timer. */
    OncePerSecond refusals() {
        return refusals;
    }

    @Override
    public void handle(RoutingContext context) {
        if (inProgress.incrementAndGet() > max) {
            inProgress.decrementAndGet();
            refusals.count("");
            busy(context);
            return;
        }
        places.hold(context, inProgress::decrementAndGet);
        context.next();
    }

    /** Answers 503 {@code busy, retry later} with {@code Retry-After: 5}, then closes the connection. */
    static void busy(RoutingContext context) {
        context.response().setStatusCode(Refusal.BUSY.status()).putHeader("Retry-After", "5")
                .putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Connection", "close")
                .end(Refusal.BUSY.text()).onComplete(sent -> context.request().connection().close());
    }
}
