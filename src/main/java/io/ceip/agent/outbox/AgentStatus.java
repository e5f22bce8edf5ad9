package io.ceip.agent.outbox;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the agent did last, for JMX, the logs, the metrics and the health checks: the last report, the last attempt
 * and its outcome, counters since start, and how many delivery cycles in a row have failed. Thread-safe; holds no
 * report content.
 */
public final class AgentStatus {

    private volatile String lastReportId;
    private volatile Instant lastAttempt;
    private volatile Instant lastSuccess;
    private volatile String lastStatus;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failedInARow = new AtomicLong();
    private volatile long lastReportBytes = -1;
    private volatile long lastCollectionMillis = -1;
    private volatile boolean lastCollectionPartial;
    private volatile PartialReport lastAttemptPartial = PartialReport.WHOLE;
    private volatile String storeProblem;
    private volatile String lockProblem;
    private final AtomicLong lost = new AtomicLong();

    /** A collection finished in {@code millis}; {@code partial} when part of it failed. */
    public void collected(long millis, boolean partial) {
        lastCollectionMillis = millis;
        lastCollectionPartial = partial;
    }

    public long lastCollectionMillis() {
        return lastCollectionMillis;
    }

    public boolean lastCollectionPartial() {
        return lastCollectionPartial;
    }

    /** A delivery attempt is about to send a report {@code partial} says partial or whole. */
    public void attempting(PartialReport partial) {
        lastAttemptPartial = partial;
    }

    /** Whether the report of the last delivery attempt (a new one or a kept one) was partial: restored from the ledger. */
    public PartialReport lastAttemptPartial() {
        return lastAttemptPartial;
    }

    /** Takes up where the previous run left off: the last attempt and last success recorded in the ledger. */
    public void restore(DeliveryLedger ledger) {
        DeliveryLedger.Latest latest = ledger.latest();
        latest.lastAttempt().ifPresent(entry -> {
            lastReportId = entry.reportId();
            lastAttempt = Instant.parse(entry.time());
            lastStatus = entry.outcome().replace('_', ' ');
            lastAttemptPartial = entry.partial();
        });
        latest.lastSuccess().ifPresent(entry -> lastSuccess = Instant.parse(entry.time()));
    }

    public void reportCreated(String reportId) {
        lastReportId = reportId;
    }

    public void delivered(String status, long bytes, Instant at) {
        lastAttempt = at;
        lastSuccess = at;
        lastStatus = status;
        sent.incrementAndGet();
        bytesSent.addAndGet(bytes);
        failedInARow.set(0);
    }

    public void failed(String status, Instant at) {
        lastAttempt = at;
        lastStatus = status;
        failed.incrementAndGet();
        failedInARow.incrementAndGet();
    }

    public void rejected(String status, Instant at) {
        lastAttempt = at;
        lastStatus = status;
        rejected.incrementAndGet();
        failedInARow.incrementAndGet();
    }

    /** A failed attempt is about to be retried within its cycle. */
    public void retried() {
        retries.incrementAndGet();
    }

    /** A new report was gzipped: {@code bytes} is its size (whether or not it may be sent). */
    public void reportSize(long bytes) {
        lastReportBytes = bytes;
    }

    public String lastReportId() {
        return lastReportId;
    }

    public Instant lastAttempt() {
        return lastAttempt;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    public String lastStatus() {
        return lastStatus;
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /**
     * Why reports cannot be stored on disk now (the dead-letter store cannot be written, and how many reports are kept
     * in memory meanwhile), or empty when they can: health is DOWN while it is present.
     */
    public Optional<String> storeProblem() {
        return Optional.ofNullable(storeProblem);
    }

    /** Sets, or clears with null, the store's problem. */
    public void storeProblem(String problem) {
        storeProblem = problem;
    }

    /**
     * Why no process owns the store: its lock file cannot be locked, so its pending reports are never replayed; or
     * empty. Health is DOWN while it is present, as for {@link #storeProblem()}.
     */
    public Optional<String> lockProblem() {
        return Optional.ofNullable(lockProblem);
    }

    /** Sets, or clears with null, why the store's lock file cannot be locked. */
    public void lockProblem(String problem) {
        lockProblem = problem;
    }

    /** A report was lost: the store could not write it and the memory bound was passed. */
    public void lost() {
        lost.incrementAndGet();
    }

    /** Reports lost since start (see {@link #lost()}). */
    public long lostReports() {
        return lost.get();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    /** Failed attempts retried within their cycle, since start. */
    public long retries() {
        return retries.get();
    }

    /**
     * Delivery cycles (a report's delivery or a replay) in a row that ended without delivering, failed or rejected,
     * since the last delivery (or start).
     */
    public long failedInARow() {
        return failedInARow.get();
    }

    /** Gzip size of the last report made, bytes; -1 before the first. */
    public long lastReportBytes() {
        return lastReportBytes;
    }
}
