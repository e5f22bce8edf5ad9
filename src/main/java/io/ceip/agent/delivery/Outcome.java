package io.ceip.agent.delivery;

import java.util.Arrays;
import java.util.Optional;

/**
 * What became of a report, as the routes decided it: each decision point of ceip-report, ceip-deliver and
 * ceip-delivery-errors sets the exchange property {@value #PROPERTY} to one of these {@link #id()}s, and the answers of
 * {@code sendNow} and {@code ceip-agent send} (with its exit code) are read from it, never decided again.
 */
public enum Outcome {
    /** A 2xx: the report was delivered and removed from the store. */
    DELIVERED("delivered", 0),
    /** Not delivered now (retryable status, I/O or TLS failure): kept pending, retried by the next cycle or replay. */
    RETRY("retry", 3),
    /** Refused by the collector (a status not worth retrying): kept as rejected, not retried. */
    REJECTED("rejected", 4),
    /** Consent is off: nothing collected, nothing sent. */
    CONSENT_OFF("consent-off", 5),
    /** Consent was withdrawn after the report was collected: deleted unsent, audited. */
    WITHDRAWN("withdrawn", 5),
    /** The report is not valid against the report schema: not stored, not sent. */
    INVALID("invalid", 6),
    /** The gzip report is larger than {@code ceip.report.max-bytes}: not stored, not sent. */
    TOO_BIG("too-big", 6),
    /**
     * A kept report larger than {@code ceip.report.max-bytes} now (lowered since it was kept, or a body planted in the
     * store): not sent, kept in the store as it is ({@link SendLimit}).
     */
    OVER_LIMIT("over-limit", 6),
    /** Another report's collection held the turn past the patience: this one was not made. */
    BUSY("busy", 6),
    /** A cluster's scheduled fire that another node reported meanwhile (both ran it): not stored, not sent. */
    REPORTED_ELSEWHERE("reported-elsewhere", 6);

    /** The exchange property the routes set. */
    public static final String PROPERTY = "ceipOutcome";

    private final String id;
    private final int exitCode;

    Outcome(String id, int exitCode) {
        this.id = id;
        this.exitCode = exitCode;
    }

    /** The value the routes set. */
    public String id() {
        return id;
    }

    /** The exit code of {@code ceip-agent send} for this outcome. */
    public int exitCode() {
        return exitCode;
    }

    /** The outcome whose {@link #id()} is {@code id}, if any. */
    public static Optional<Outcome> of(Object id) {
        return Arrays.stream(values()).filter(o -> o.id.equals(id == null ? null : id.toString())).findFirst();
    }
}
