package io.ceip.agent.privacy;

import java.time.Instant;

/**
 * The withdrawals and full consents a consent audit log records, in the log's order ({@link ConsentAudit}'s, guarded
 * by it). Each one read makes {@link #eventsSince()} (and a withdrawal {@link #lastWithdrawal()}) later than before,
 * even when its line is stamped no later than one before it (a clock that was ahead, then corrected): it then counts
 * from a nanosecond after the latest so far. So a value taken before a collection and compared with the value now
 * tells whether one came after it, by the log's order, whatever the clock did; every reader of the same log derives
 * the same values. A withdrawal carried over (a log rotated) is the same withdrawal again, never a later one; a log
 * read again from its start (rewritten, rotated) moves nothing its lines moved already, and one line after the
 * latest withdrawal it holds counts as later than that.
 */
final class AuditOrder {

    private Instant lastWithdrawal;
    private Instant fullGiven;
    /** What the current log's lines give (null after a restart until they give something). */
    private Instant logSince;
    private Instant logWithdrawal;

    /**
     * A withdrawal counting from {@code effective}, written as {@code written}; {@code fresh}: a change to off (a new
     * withdrawal), not one carried over.
     */
    void withdrawn(Instant effective, Instant written, boolean fresh) {
        Instant counted = fresh ? after(effective) : effective;
        logWithdrawal = latest(latest(logWithdrawal, written), counted);
        logSince = latest(logSince, counted);
        lastWithdrawal = latest(lastWithdrawal, counted);
    }

    /** Consent became full again (after off or basic) at {@code given}. */
    void given(Instant given) {
        Instant counted = after(given);
        logSince = latest(logSince, counted);
        fullGiven = latest(fullGiven, counted);
    }

    /** {@code time}, or a nanosecond after the latest this log's order puts before it when it is not later. */
    private Instant after(Instant time) {
        Instant base = logWithdrawal != null && !logWithdrawal.isBefore(lastWithdrawal)
                ? latest(logSince, eventsSince()) : logSince; // the log holds the last withdrawal: all before it
        return base == null || time.isAfter(base) ? time : base.plusNanos(1);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b != null && b.isAfter(a) ? b : a;
    }

    /** The last withdrawal, or null; never lowered. */
    Instant lastWithdrawal() {
        return lastWithdrawal;
    }

    /** The later of the last withdrawal and the last full consent given again, or null; never lowered. */
    Instant eventsSince() {
        return latest(lastWithdrawal, fullGiven);
    }

    /** True when the current log does not hold the last withdrawal (rotated, truncated, removed). */
    boolean notHeld() {
        return lastWithdrawal != null && (logWithdrawal == null || logWithdrawal.isBefore(lastWithdrawal));
    }

    /** The withdrawal was written into the log again (read back once, it is then the log's own). */
    void carried(Instant withdrawal) {
        logWithdrawal = withdrawal;
    }

    /** Reading starts again at the start of a new log: its lines have given nothing yet. */
    void restart() {
        logSince = null;
        logWithdrawal = null;
    }
}
