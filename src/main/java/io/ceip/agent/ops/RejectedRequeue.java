package io.ceip.agent.ops;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.outbox.KeptReports;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the reports the collector rejected back in line, an operator's decision once the cause (a wrong token, say)
 * is fixed: every {@code rejected} dead letter becomes {@code pending} again, re-sent by the next replay (the
 * resident agent's, every {@code ceip.dead-letter.replay-period}) or the next {@code ceip-agent send}. Each one is
 * recorded in the delivery ledger with the outcome {@value #OUTCOME} (its SHA-256, size and the attempts so far), and
 * the requeue in one INFO line naming who asked. The JMX operation {@code requeueRejected()} and the command
 * {@code ceip-agent requeue} both requeue here, with the same answer; {@code ceip-agent requeue --discard} deletes them
 * instead ({@link #discard}), and JMX {@code purgeDeadLetters()} deletes the whole store ({@link #purge}). Each acts
 * on every kept report, those kept in memory while the store cannot be written too ({@link KeptReports}).
 */
public final class RejectedRequeue {

    /** The ledger outcome of a requeued report. */
    public static final String OUTCOME = "REQUEUED";
    /** The ledger outcome of a rejected report the operator deleted. */
    public static final String DISCARDED = "DISCARDED";
    /** The ledger outcome of a report the operator purged with the whole store. */
    public static final String PURGED = "PURGED";

    private static final Logger LOG = LoggerFactory.getLogger(RejectedRequeue.class);

    private final DeliveryQueue queue;
    private final DeliveryLedger ledger;
    private final long maxBytes;

    /** As {@link #RejectedRequeue(DeliveryQueue, DeliveryLedger, long)} with no report limit to say. */
    public RejectedRequeue(DeliveryQueue queue, DeliveryLedger ledger) {
        this(queue, ledger, Long.MAX_VALUE);
    }

    /**
     * @param queue    the kept reports (on disk and in memory); one it, or another process on its store, is delivering
     *                 at that moment is left to that delivery
     * @param maxBytes {@code ceip.report.max-bytes}: a requeued report larger is kept pending unsent by every replay
     *                 ({@code delivery.SendLimit}), so the answer counts it apart
     */
    public RejectedRequeue(DeliveryQueue queue, DeliveryLedger ledger, long maxBytes) {
        this.queue = queue;
        this.ledger = ledger;
        this.maxBytes = maxBytes;
    }

    /**
     * Requeues every rejected report; answers how many, in one line. Nothing is written when there is none.
     *
     * @param by who asked, for the log line ({@code JMX}, {@code the requeue command})
     * @throws java.io.UncheckedIOException when the store cannot be written (the entries before stay requeued)
     */
    public String requeue(String by) {
        return requeued(by).line();
    }

    /**
     * An operation's one-line answer, and whether it did all it was to do: false when a report stays as it was (a
     * body that cannot be read, a report that cannot be deleted), for the {@code requeue} command's exit code (1).
     */
    public record Answer(String line, boolean complete) {
    }

    /** As {@link #requeue}, with whether every rejected report was requeued. */
    public Answer requeued(String by) {
        KeptReports kept = queue.kept();
        int[] counts = {0, 0, 0}; // requeued, not, requeued over ceip.report.max-bytes
        for (DeadLetter entry : kept.entries()) {
            if (!DeadLetter.REJECTED.equals(entry.state())) {
                continue;
            }
            queue.whileUnclaimed(entry.reportId(), () -> {
                if (kept.read(entry.reportId()).filter(e -> DeadLetter.REJECTED.equals(e.state())).isEmpty()) {
                    return; // gone, or requeued meanwhile
                }
                byte[] body; // read first: one that cannot be sent stays rejected, as the answer says
                try {
                    body = kept.body(entry.reportId());
                } catch (UncheckedIOException e) { // not the store's own (the store said why), or unreadable
                    counts[1]++;
                    LOG.warn("Rejected report {} will not be sent again: its body is refused or cannot be read ({})",
                            entry.reportId(), e.getClass().getSimpleName());
                    return;
                }
                kept.requeue(entry.reportId()).ifPresent(requeued -> {
                    counts[0]++;
                    counts[2] += body.length > maxBytes ? 1 : 0;
                    ledger.record(requeued.reportId(), DeliveryLedger.sha256(body), body.length, OUTCOME,
                            requeued.attempts());
                });
            });
        }
        int sent = counts[0];
        int unsent = counts[1];
        String over = counts[2] == 0 ? "" : counts[2] + " over ceip.report.max-bytes (" + maxBytes + ")";
        if (sent > 0) {
            LOG.info("{} rejected report(s) requeued ({}): sent again by the next replay{}", sent, by,
                    over.isEmpty() ? "" : " but " + over + ", kept pending until it allows them");
        }
        return new Answer(sent + " rejected report(s) requeued" + (over.isEmpty() ? "" : " (" + over + ": kept pending,"
                + " not sent until it allows them)") + (unsent == 0 ? "" : "; " + unsent + " not: their"
                + " bodies are refused or cannot be read (see the log)"), unsent == 0);
    }

    /**
     * Deletes every rejected report, for one the collector will never take however often it is sent (its body is
     * what was collected: a product name its token is not for stays in it); each is recorded in the ledger as
     * {@value #DISCARDED} (its SHA-256 and size when its body can be read, else none) and the deletion in one INFO line.
     *
     * @param by who asked, for the log line
     */
    public String discard(String by) {
        return discarded(by).line();
    }

    /** As {@link #discard}, with whether every rejected report was deleted. */
    public Answer discarded(String by) {
        Deleted discarded = deleteUnsent(entry -> DeadLetter.REJECTED.equals(entry.state()), DISCARDED);
        if (discarded.count() > 0) {
            LOG.info("{} rejected report(s) deleted unsent ({})", discarded.count(), by);
        }
        return new Answer(discarded.count() + " rejected report(s) deleted unsent" + discarded.notDeleted(),
                discarded.failures().isEmpty());
    }

    /**
     * Deletes every report of the store, pending and rejected, unsent (JMX {@code purgeDeadLetters()}); each is
     * recorded in the ledger as {@value #PURGED}, as {@link #discard} records its own, and the purge in one INFO line:
     * the ledger tells a purged report from a lost one.
     *
     * @param by who asked, for the log line
     */
    public String purge(String by) {
        Deleted purged = deleteUnsent(entry -> true, PURGED);
        if (purged.count() > 0) {
            LOG.info("{} report(s) purged from the dead-letter store, unsent ({})", purged.count(), by);
        }
        return purged.count() + " report(s) deleted from the dead-letter store" + purged.notDeleted();
    }

    /**
     * Deletes the entries {@code which} selects, each recorded in the ledger as {@code outcome}; one the running agent
     * is delivering at that moment is left to that delivery, and one no longer stored (delivered meanwhile) or no
     * longer selected (requeued meanwhile: pending) is left as it is, so that the ledger never says both. One that
     * cannot be deleted (its metadata goes first: the entry stays whole) is kept, one WARN line, and the others go on.
     */
    private Deleted deleteUnsent(Predicate<DeadLetter> which, String outcome) {
        KeptReports kept = queue.kept();
        int deleted = 0;
        List<String> failures = new ArrayList<>();
        for (DeadLetter entry : kept.entries()) {
            if (!which.test(entry)) {
                continue;
            }
            try {
                deleted += deleteOne(kept, entry, which, outcome) ? 1 : 0;
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                failures.add(cause.getClass().getSimpleName());
                LOG.warn("Report {} could not be deleted, and stays kept ({})", entry.reportId(),
                        cause.getClass().getSimpleName());
            }
        }
        return new Deleted(deleted, failures);
    }

    /** Deletes {@code entry} unsent and records it; false when it was left (being delivered, gone, requeued). */
    private boolean deleteOne(KeptReports kept, DeadLetter entry, Predicate<DeadLetter> which, String outcome) {
        boolean[] deleted = {false};
        queue.whileUnclaimed(entry.reportId(), () -> { // false while it is delivered: left to that delivery
            if (!kept.read(entry.reportId()).filter(which).isPresent()) { // gone, or requeued since it was listed
                return;
            }
            byte[] body;
            try {
                body = kept.body(entry.reportId());
            } catch (UncheckedIOException e) { // not the store's own: deleted all the same, without a digest
                body = null;
            }
            kept.delete(entry.reportId());
            ledger.record(entry.reportId(), body == null ? "-" : DeliveryLedger.sha256(body),
                    body == null ? 0 : body.length, outcome, entry.attempts());
            deleted[0] = true;
        });
        return deleted[0];
    }

    /** How many were deleted, and why each that was to be could not be. */
    private record Deleted(int count, List<String> failures) {

        /** The answer's end: nothing, or how many are still kept and why the first could not be deleted. */
        String notDeleted() {
            return failures.isEmpty() ? "" : "; " + failures.size() + " could not be deleted and stay kept ("
                    + failures.get(0) + ", see the log)";
        }
    }
}
