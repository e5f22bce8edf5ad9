package io.ceip.agent.ops;

import io.ceip.agent.delivery.ReplaySteps;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;

import org.apache.camel.ProducerTemplate;

/**
 * A replay of the kept reports run now for an operator (JMX {@code replayDeadLetters}, and {@code setConsent} at
 * {@code off}): {@code direct:ceip-replay-due} decides each kept report's outcome; this only counts what it did.
 */
final class ReplayNow {

    private final ProducerTemplate template;
    private final DeliveryQueue queue;

    ReplayNow(ProducerTemplate template, DeliveryQueue queue) {
        this.template = template;
        this.queue = queue;
    }

    /** One replay now, as it counted. */
    ReplaySteps.Tally run() {
        ReplaySteps.Tally tally = template.send("direct:ceip-replay-due", exchange -> { })
                .getProperty(ReplaySteps.TALLY, ReplaySteps.Tally.class);
        return tally == null ? new ReplaySteps.Tally() : tally;
    }

    /** {@code replayDeadLetters}' answer: delivered, deleted unsent, still pending, and where it stopped. */
    String answer() {
        return said(run(), queue.kept().count(DeadLetter.PENDING));
    }

    /**
     * A replay's answer, {@code pending} left after it: delivered, refused by the endpoint (kept as rejected, not
     * retried: said, as a replay that met only rejections answered {@code 0 delivered, 0 still pending}), deleted
     * unsent, still pending, and where it stopped.
     */
    static String said(ReplaySteps.Tally tally, long pending) {
        String stopped = tally.stoppedAt() == null ? "" : " (stopped: " + tally.stoppedAt() + ")";
        return tally.delivered() + " delivered, " + (tally.rejected() == 0 ? "" : tally.rejected()
                + " rejected (kept as rejected: requeueRejected() once the cause is fixed), ")
                + (tally.withdrawn() == 0 ? "" : tally.withdrawn() + " deleted unsent (consent withdrawn), ")
                + pending + " still pending" + (tally.overLimit() == 0 ? "" : " (" + tally.overLimit()
                + " over ceip.report.max-bytes: kept, not sent)") + stopped;
    }

    /**
     * At an effective {@code off}, the kept reports (the customer's copies too) are deleted unsent now by replays:
     * {@code "; N kept reports deleted unsent"}, or empty.
     */
    String withdrawn(ConsentDecision decision) {
        int deleted = decision.level() != ConsentLevel.OFF || decision.undecided() ? 0
                : run().withdrawn() + CopiesReplay.withdrawn(template);
        return deleted == 0 ? "" : "; " + deleted + " kept report" + (deleted == 1 ? "" : "s") + " deleted unsent";
    }
}
