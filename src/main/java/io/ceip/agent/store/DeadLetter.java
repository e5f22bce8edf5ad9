package io.ceip.agent.store;

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
 */
public record DeadLetter(String reportId, String created, int attempts, String firstFailure, String lastFailure,
        String lastStatus, String state) {

    public static final String PENDING = "pending";
    public static final String REJECTED = "rejected";

    DeadLetter failed(String at, String status, int moreAttempts, String newState) {
        return new DeadLetter(reportId, created, attempts + moreAttempts, firstFailure == null ? at : firstFailure, at,
                status, newState);
    }
}
