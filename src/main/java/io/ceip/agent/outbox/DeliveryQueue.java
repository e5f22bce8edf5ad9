package io.ceip.agent.outbox;

import io.ceip.agent.outbox.UnsavedReports.Unsaved;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reports waiting for delivery, as the delivery routes see them: the {@link DeadLetterStore} on disk and, while it
 * cannot be written (disk full, permissions), at most {@code memoryEntries} reports in memory, moved to disk by the
 * next write that succeeds (past the bound the oldest not being delivered is lost: one WARN line, counted). It
 * records what the routes decided and decides nothing. A report is <em>claimed</em> by the one exchange delivering it until its
 * outcome is recorded, in this process and, through the store's lock file, for the others on the same store
 * ({@link StoreOwnership}): only the store's owner replays it ({@link #due}). While the store cannot be written
 * {@link AgentStatus#storeProblem()} says why (health DOWN).
 */
public final class DeliveryQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final DeadLetterStore store;
    private final AgentStatus status;
    private final Clock clock;
    private final ReportClaims claims;
    private final UnsavedReports memory;
    private volatile String writeProblem = "";

    /** @param ownership whether this process owns the store, and where the claims of every process on it are held */
    public DeliveryQueue(DeadLetterStore store, AgentStatus status, int memoryEntries, Clock clock,
            StoreOwnership ownership) {
        this.claims = new ReportClaims(ownership, status::lockProblem);
        this.store = store;
        this.status = status;
        this.clock = clock;
        this.memory = new UnsavedReports(memoryEntries);
    }

    public DeadLetterStore store() {
        return store;
    }

    /** Whether this process owns the store: else it replays none of the reports kept there (they are the owner's). */
    public boolean ownsStore() {
        return claims.owned();
    }

    /** Every report kept, on disk and in memory: what an operator's purge, discard, requeue and counts act on. */
    public KeptReports kept() {
        return new KeptReports(store, memory);
    }

    /** Stores a new report as pending (on disk, else in memory), marked {@code withdrawalSeen}, and claims it. */
    public Kept save(String reportId, byte[] gzipBody, String withdrawalSeen) {
        claims.takeNew(reportId);
        DeadLetter entry = DeadLetter.pending(reportId, clock.instant().toString(), withdrawalSeen);
        try {
            store.save(entry, gzipBody, claims);
            claims.takeNew(reportId); // held in the lock file now, when the store was made by this save
            storeWritable();
            return Kept.DISK;
        } catch (UncheckedIOException e) {
            return keepInMemory(entry, gzipBody, e);
        }
    }

    /**
     * The pending reports no one is delivering, least recently tried first, at most {@code max}; memory's go to disk
     * first. None when another process owns the store: its reports are left to it.
     */
    public List<String> due(int max) {
        flushMemory();
        if (!ownsStore()) {
            return List.of();
        }
        return kept().pendingLeastRecentlyTriedFirst().stream().map(DeadLetter::reportId)
                .filter(id -> !claims.contains(id)).limit(max).toList();
    }

    /** Lets a new report's claim go without delivering it: it is due for the replay ({@link #due}) from now on. */
    public void release(String reportId) {
        claims.release(reportId);
    }

    /** Runs {@code action} on a report claimed meanwhile (an operator's purge), unless it is claimed: then false. */
    public boolean whileUnclaimed(String reportId, Runnable action) {
        if (!claims.take(reportId)) {
            return false;
        }
        try {
            action.run();
            return true;
        } finally {
            claims.release(reportId);
        }
    }

    /** Claims a pending report for a replay: empty when it is claimed already, gone, not pending, or refused. */
    public Optional<Claimed> claim(String reportId) {
        if (!claims.take(reportId)) {
            return Optional.empty();
        }
        try {
            Unsaved unsaved = memory.get(reportId).orElse(null);
            Optional<DeadLetter> entry = (unsaved != null ? Optional.of(unsaved.entry()) : store.read(reportId))
                    .filter(e -> DeadLetter.PENDING.equals(e.state()));
            if (entry.isPresent()) {
                return Optional.of(new Claimed(reportId, unsaved != null ? unsaved.body() : store.body(reportId),
                        entry.get().attempts()));
            }
        } catch (RuntimeException e) {
            if (!(e instanceof RefusedEntryException)) { // a refused entry: the store said why, once
                LOG.warn("Stored report {} not read for a replay ({})", reportId, e.getClass().getSimpleName());
            }
        }
        claims.release(reportId);
        return Optional.empty();
    }

    /**
     * Deletes the report (a 2xx, or consent withdrawn) and releases its claim; {@code keepBody} first gets its stored
     * body's path, or null when it was in memory ({@link SentReports}). False when it cannot be removed (still kept):
     * one WARN line, health DOWN (a replay may find it again; the consent gate and the collector's dedupe).
     */
    public boolean delete(String reportId, Consumer<Path> keepBody) {
        try {
            if (memory.forget(reportId)) {
                keepBody.accept(null);
                store.delete(reportId); // a body that reached the disk before the store failed: not sent again
            } else {
                store.delete(reportId, keepBody);
            }
            return true;
        } catch (UncheckedIOException e) {
            status.storeProblem(cannotWrite(e) + ": report " + reportId + " is done with but still stored");
            LOG.warn("Report {} is done with, but its stored copy cannot be removed ({})", reportId, writeProblem);
            return false;
        } finally {
            claims.release(reportId);
        }
    }

    /** Failed attempts: the report stays pending, to be retried; returns where it is kept. */
    public Kept failed(String reportId, String lastStatus, int attempts) {
        return record(reportId, lastStatus, attempts, DeadLetter.PENDING, null);
    }

    /** Refused by the collector: the report is kept as rejected, not retried; returns where it is kept. */
    public Kept rejected(String reportId, String lastStatus, int attempts, String answer) {
        return record(reportId, lastStatus, attempts, DeadLetter.REJECTED, answer);
    }

    /** Why the last write of the store failed (the file system's words), or empty. */
    public String writeProblem() {
        return writeProblem;
    }

    /** Reports kept in memory because the store cannot be written. */
    public int inMemory() {
        return memory.size();
    }

    private Kept record(String reportId, String lastStatus, int attempts, String state, String answer) {
        try {
            if (memory.update(reportId, kept -> new Unsaved(kept.entry().failed(clock.instant().toString(), lastStatus,
                    attempts, state, answer), kept.body()))) {
                return Kept.MEMORY;
            }
            if (store.read(reportId).isEmpty()) {
                return Kept.NOWHERE;
            }
            try {
                if (DeadLetter.PENDING.equals(state)) {
                    store.recordFailure(reportId, lastStatus, attempts);
                } else {
                    store.reject(reportId, lastStatus, attempts, answer);
                }
            } catch (UncheckedIOException e) { // health DOWN until a write succeeds; the caller's line says the rest
                status.storeProblem(cannotWrite(e) + ": the outcome of report " + reportId + " is not recorded"
                        + (inMemory() == 0 ? "" : ", and " + inMemory() + " report(s) kept in memory"));
                return Kept.DISK_AS_IT_WAS;
            }
            storeWritable();
            return Kept.DISK;
        } finally {
            claims.release(reportId);
        }
    }

    /** Keeps a report in memory; past the bound the oldest one not being delivered is let go ({@link LetGo}). */
    private Kept keepInMemory(DeadLetter entry, byte[] body, UncheckedIOException cause) {
        synchronized (memory) { // with storeWritable: the problem is cleared only with nothing in memory
            memory.keep(entry, body, claims::contains).forEach(oldest -> LetGo.report(oldest, store, status,
                    memory.bound() + " report(s) are kept in memory at most (ceip.dead-letter.memory-entries)"));
            status.storeProblem(cannotWrite(cause) + ": " + memory.size() + " report(s) kept in memory");
            return Kept.MEMORY;
        }
    }

    /**
     * Ends this process's keeping of reports in memory, but one being delivered (a {@code ceip-agent send} about to
     * exit): moved to disk if the store can be written now, else let go ({@link LetGo}); returns the IDs lost.
     */
    public List<String> letGoOfMemory() {
        flushMemory();
        return memory.all().stream().map(kept -> kept.entry().reportId()).filter(id -> !claims.contains(id)
                && memory.forget(id) && LetGo.report(id, store, status, "this process ends, and what it kept in"
                + " memory with it")).toList();
    }

    /** Moves the reports kept in memory to disk, when the store can be written again. */
    private void flushMemory() {
        List<Unsaved> kept = memory.all();
        for (Unsaved unsaved : kept) {
            if (claims.contains(unsaved.entry().reportId())) {
                continue;
            }
            try {
                store.save(unsaved.entry(), unsaved.body(), claims); // as it is: its time, attempts, state (its place)
                memory.forget(unsaved.entry().reportId());
            } catch (UncheckedIOException e) {
                return;
            }
        }
        if (!kept.isEmpty() || status.storeProblem().isPresent() && StoreProbe.writable(store.directory())) {
            storeWritable(); // a write succeeded: UP again, unless reports remain in memory
        }
    }

    private void storeWritable() {
        synchronized (memory) {
            if (memory.size() == 0 && status.storeProblem().isPresent()) {
                status.storeProblem(null);
                LOG.info("The dead-letter store {} can be written again", store.directory());
            }
        }
    }

    /** Notes why a write of the store failed (its class and the file system's words); the health message's start. */
    private String cannotWrite(UncheckedIOException e) {
        writeProblem = StoreProbe.reason(e);
        return "the dead-letter store " + store.directory() + " cannot be written (" + writeProblem + ")";
    }
}
