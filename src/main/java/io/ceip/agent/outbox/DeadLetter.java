package io.ceip.agent.outbox;

import java.time.Instant;
import java.util.Comparator;

/**
 * The metadata of one stored report.
 *
 * @param reportId     the report's ID, also its idempotency key
 * @param created      when the report was stored (before its first delivery attempt), ISO-8601 UTC
 * @param attempts     delivery attempts so far
 * @param firstFailure first failed attempt, or null
 * @param lastFailure  last failed attempt, or null
 * @param lastStatus   the last HTTP status ({@code HTTP 503}) or error class ({@code ConnectException}), or null
 * @param state        {@code pending} (will be re-sent) or {@code rejected} (refused by the collector; not re-sent)
 * @param response     for a rejection, the start of the collector's answer (at most 512 bytes, redacted), or null
 * @param version      the metadata layout version ({@value #VERSION}; a version that changes the layout raises it);
 *                     a later one is left as it is for that version ({@link LaterVersions}), any other quarantined
 * @param withdrawalSeen the last withdrawal of consent on record when the report was collected ({@code none}, or its
 *                     time as the audit gave it: privacy's {@code WithdrawalOrder}), or null when kept without one
 *                     (by an earlier version, or its metadata rebuilt): then any withdrawal on record withdraws it
 */
public record DeadLetter(String reportId, String created, int attempts, String firstFailure, String lastFailure,
        String lastStatus, String state, String response, int version, String withdrawalSeen) {

    public static final String PENDING = "pending";
    public static final String REJECTED = "rejected";
    public static final int VERSION = 1;

    static DeadLetter pending(String reportId, String created, String withdrawalSeen) {
        return new DeadLetter(reportId, created, 0, null, null, null, PENDING, null, VERSION, withdrawalSeen);
    }

    DeadLetter failed(String at, String status, int moreAttempts, String newState, String answer) {
        return new DeadLetter(reportId, created, attempts + moreAttempts, firstFailure == null ? at : firstFailure, at,
                status, newState, answer, version, withdrawalSeen);
    }

    /**
     * Oldest first: by when each was stored, as a time (as text, {@code 10:00:00.500Z} came before {@code 10:00:00Z},
     * {@link Instant#toString()} leaving out a zero fraction), then by report ID.
     */
    static final Comparator<DeadLetter> OLDEST_FIRST = Comparator.comparing(DeadLetter::storedAt)
            .thenComparing(DeadLetter::reportId);

    /** When it was stored; the epoch when that is not a time (never for an entry the store read: it checks). */
    Instant storedAt() {
        try {
            return Instant.parse(created);
        } catch (RuntimeException notATime) {
            return Instant.EPOCH;
        }
    }

    /** When it was last tried (its last failure), or stored when never tried; the epoch when neither is a time. */
    Instant lastTried() {
        try {
            return Instant.parse(lastFailure == null ? created : lastFailure);
        } catch (RuntimeException notATime) { // never for an entry the store read: it checks these times
            return Instant.EPOCH;
        }
    }

    DeadLetter requeued() {
        return new DeadLetter(reportId, created, attempts, firstFailure, lastFailure, lastStatus, PENDING, response,
                version, withdrawalSeen);
    }
}
