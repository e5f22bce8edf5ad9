package io.ceip.agent.delivery;

import io.ceip.agent.outbox.Claimed;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.outbox.Kept;
import io.ceip.agent.privacy.WithdrawalOrder;
import io.ceip.agent.report.ReportSteps;

import java.util.List;
import java.util.Optional;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the replay route (ceip-replay-due): the due reports to split over ({@link #due}), each claimed and
 * loaded as the exchange the deliver route sends ({@link #load}), the split's aggregation that counts the outcomes in
 * order and stops the replay at the first {@code retry} ({@link #aggregate}, {@link #goingOn}), and one line that
 * sums the replay up. The deliver route decides each outcome; these steps only count them. A replay takes the reports
 * of one destination, that of the exchange ({@link Destinations#of}; the vendor's unless {@code ceip-deliver-copies}
 * named another), so that each destination is replayed on its own.
 */
public final class ReplaySteps implements AggregationStrategy {

    /** Exchange property set to true on a replayed report: its delivery does not start another replay. */
    public static final String REPLAY = "ceipReplay";
    /** Exchange property: whether {@link #load} claimed the report (else the replay skips it). */
    public static final String CLAIMED = "ceipReplayClaimed";
    /** Exchange property holding the {@link Tally} of a replay. */
    public static final String TALLY = "ceipReplayTally";
    /** Exchange property set by ceip-delivery-errors on a failure before the endpoint: the replay goes on. */
    public static final String LOCAL_FAILURE = "ceipLocalFailure";

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySteps.class);

    /** What one replay did: counted as each replayed report's delivery ends (see {@link #aggregate}). */
    public static final class Tally {
        private int delivered;
        private int rejected;
        private int withdrawn;
        private int overLimit;
        private volatile String stoppedAt;
        private volatile boolean leftToOwner;

        public int delivered() {
            return delivered;
        }

        public int rejected() {
            return rejected;
        }

        /** Deleted unsent: consent is off now. */
        public int withdrawn() {
            return withdrawn;
        }

        /** Not sent: over {@code ceip.report.max-bytes} now, kept as they are ({@link SendLimit}). */
        public int overLimit() {
            return overLimit;
        }

        /** Whether another process owns the store (the running agent, beside a {@code send}): nothing replayed. */
        public boolean leftToOwner() {
            return leftToOwner;
        }

        /** The status of the report the replay stopped at (to retry: delivery fails, consent undecided), or null. */
        public String stoppedAt() {
            return stoppedAt;
        }
    }

    private final Destinations destinations;
    private final int max;

    /** @param max the most reports one replay takes ({@code ceip.dead-letter.max-entries}) */
    public ReplaySteps(Destinations destinations, int max) {
        this.destinations = destinations;
        this.max = max;
    }

    /**
     * The IDs of the pending reports no one is delivering, least recently tried first, at most {@code max}; starts
     * the tally. None when another process owns the store ({@link DeliveryQueue#due}).
     */
    public List<String> due(Exchange exchange) {
        Tally tally = new Tally();
        exchange.setProperty(TALLY, tally);
        DeliveryQueue queue = destinations.of(exchange).queue();
        tally.leftToOwner = !queue.ownsStore();
        return queue.due(max);
    }

    /**
     * Claims the report {@code reportId} and makes this exchange its delivery (body, report ID, earlier attempts);
     * sets {@value #CLAIMED} false when a cycle or another replay has it, or it is gone or not the store's own (then
     * the replay skips it).
     */
    public void load(@Body String reportId, Exchange exchange) {
        Optional<Claimed> claimed = destinations.of(exchange).queue().claim(reportId);
        exchange.setProperty(CLAIMED, claimed.isPresent());
        if (claimed.isEmpty()) {
            return;
        }
        // what the exchange it was split from says of its own report (a cycle's, after its 2xx): never this one's
        for (String stale : List.of(DeliverySteps.ATTEMPTS, DeliverySteps.SHA256, DeliverySteps.STATUS,
                DeliverySteps.KEPT, Outcome.PROPERTY, "ceipLedgered", LOCAL_FAILURE, WithdrawalOrder.PROPERTY)) {
            exchange.removeProperty(stale);
        }
        exchange.setProperty(ReportSteps.REPORT_ID, reportId);
        exchange.setProperty(DeliverySteps.PRIOR_ATTEMPTS, claimed.get().attempts());
        exchange.setProperty(DeliverySteps.BYTES, claimed.get().body().length);
        exchange.setProperty(REPLAY, true);
        exchange.getIn().setBody(claimed.get().body());
    }

    /** True until a replayed report's outcome was {@code retry}: the reports after it are skipped. */
    public boolean goingOn(@ExchangeProperty(TALLY) Tally tally) {
        return tally.stoppedAt == null;
    }

    /**
     * The split's aggregation, run in order as each replayed report's delivery ends: counts the outcome the deliver
     * route decided, and marks the replay stopped at a {@code retry} at the endpoint (not at a
     * {@value #LOCAL_FAILURE}: a report the agent could not prepare does not hold back the others). It leaves the
     * replay's own exchange as it was (its caller, a cycle after a 2xx, keeps its report's outcome).
     */
    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange, Exchange inputExchange) {
        Tally tally = inputExchange.getProperty(TALLY, Tally.class);
        String outcome = newExchange.getProperty(Outcome.PROPERTY, String.class);
        if (tally != null && newExchange.getProperty(CLAIMED, false, Boolean.class)) {
            if (Outcome.DELIVERED.id().equals(outcome)) {
                tally.delivered++;
            } else if (Outcome.REJECTED.id().equals(outcome)) {
                tally.rejected++;
            } else if (Outcome.OVER_LIMIT.id().equals(outcome)) {
                tally.overLimit++;
            } else if (Outcome.WITHDRAWN.id().equals(outcome)) { // deleted; one still stored is still pending
                tally.withdrawn += Kept.DISK_AS_IT_WAS == newExchange.getProperty(DeliverySteps.KEPT) ? 0 : 1;
            } else if (Outcome.RETRY.id().equals(outcome) && !newExchange.getProperty(LOCAL_FAILURE, false,
                    Boolean.class)) {
                tally.stoppedAt = newExchange.getProperty(DeliverySteps.STATUS, "", String.class);
            }
        }
        return inputExchange;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        throw new UnsupportedOperationException("the replay aggregates with the input exchange");
    }

    /** The replay failed (a store that cannot be read, say): one line, the class only. */
    public void failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        LOG.warn("Replay of the dead-letter store{} stopped: {}", DeliverySteps.copy(destinations.of(exchange)),
                failure.getClass().getSimpleName());
    }

    /**
     * One line when the replay delivered something (each report is in the ledger, and logged), and one when it stopped
     * at a report to retry later (unreachable, a retryable status such as 503 or 429, a TLS failure, consent
     * undecided).
     */
    public void finish(@ExchangeProperty(TALLY) Tally tally, Exchange exchange) {
        Destination to = destinations.of(exchange);
        if (tally != null && tally.delivered() > 0) {
            LOG.info("Replay{}: {} stored report(s) delivered", DeliverySteps.copy(to), tally.delivered());
        }
        if (tally != null && tally.stoppedAt != null) {
            LOG.info("Replay{} stopped ({}); {} report(s) remain stored for the next replay",
                    DeliverySteps.copy(to), tally.stoppedAt, to.queue().due(max).size());
        }
    }
}
