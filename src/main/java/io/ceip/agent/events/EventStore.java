package io.ceip.agent.events;

import io.ceip.agent.events.EventAggregate.Summary;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events' window: the running aggregate, kept in memory and flushed to one gzip file in the data directory
 * ({@link AggregateFile}) once per poll of the spool, before the spool files of that poll are deleted.
 * <p>
 * <b>Crash safety.</b> The spool's poll batch is flushed once ({@link #add}), with the identities of the spool files
 * it counted, atomically; only then are those spool files deleted. A {@code kill -9} before the flush leaves the
 * batch's spool files and the previous aggregate: they are read again, counted once. A kill after the flush and
 * before (or during) the deletes leaves spool files that the stored aggregate names: they are deleted unread. A kill
 * can lose only a report's window between its commit and its storing, as with the feature window. Each flush is
 * atomic, forced to disk at most once a second: after a power loss at most the events of the spool files deleted in
 * the last second may be missing — never counted twice.
 * <p>
 * <b>The window.</b> A report under full consent {@link #seal()}s what was counted so far: that part is set aside
 * (still in the file) and new events go to a fresh aggregate. When the report is stored, {@link #commit} drops the
 * sealed part and flushes; a report not stored (not valid, too large, failed) leaves it sealed for the next report.
 * A preview {@link #peek()}s. Reports are built one at a time (from seal to commit: the report stage's
 * {@code OneReportAtATime}), so no two carry the sealed part. One process owns the window ({@link EventsOwnership});
 * beside it a preview peeks at what it last wrote ({@link #leftToAnother}).
 * <p>
 * <b>Withdrawals.</b> What was counted before consent was last withdrawn is dropped before anything is added or sealed,
 * even when consent was given again before this agent noticed: consent given anew covers only what is counted from
 * then on. Before or after is the consent audit log's order (which every process writes), never a clock: the window
 * and each read keep the audit's mark from before they were counted ({@link WindowMark}).
 */
public final class EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(EventStore.class);
    private final WindowFile window;
    private final Path file;
    private final EventCatalog catalog;
    private final int maxNames;
    private final int maxFingerprints;
    private EventAggregate current;
    private EventAggregate sealed;
    private Summary sealedSummary;
    private final CountedFiles consumed;
    private long overflowed;
    private boolean foreign; // another process owns the events
    private final EventsBoundary boundary;
    private final WindowMark mark = new WindowMark(); // what the window holds was counted after the audit said so

    /** @param lastWithdrawal since when events may count (the audit's {@code eventsSince}): nothing before leaves */
    public EventStore(Path file, Path spool, EventCatalog catalog, int maxNames, int maxFingerprints,
            Supplier<Optional<Instant>> lastWithdrawal) {
        this.boundary = new EventsBoundary(lastWithdrawal);
        this.file = file;
        this.window = new WindowFile(file);
        this.consumed = new CountedFiles(spool);
        this.catalog = catalog;
        this.maxNames = maxNames;
        this.maxFingerprints = maxFingerprints;
        this.current = empty();
    }

    /** A new empty aggregate with this store's bounds. */
    public EventAggregate empty() {
        return new EventAggregate(maxNames, maxFingerprints);
    }

    /**
     * Reads the stored aggregate, if any. A file that is not one the agent wrote (or cannot be read) is removed
     * with one WARN line and the window starts empty: the start goes on. In a {@link #readsOnly()} run it is only
     * left unused (one WARN line), and a window counted before a withdrawal is not shown ({@link #peek()}), kept.
     */
    public synchronized void load() {
        Optional<WindowFile.Loaded> loaded = window.read(catalog, maxNames, maxFingerprints);
        if (loaded.isEmpty()) {
            return; // nothing counted yet, or not valid (removed)
        }
        current = loaded.get().state().aggregate();
        consumed.set(loaded.get().state().consumed());
        mark.loaded(loaded.get().state().mark(), loaded.get().written()); // no mark: counted before it was written
        try {
            if (!window.isReadsOnly()) {
                forgetWithdrawn();
            }
        } catch (UncheckedIOException unreadable) { // the audit log, not the aggregate: kept, checked before any use
            LOG.warn("Events: {}; the events' window is kept and checked again before it is added to or sent",
                    unreadable.getMessage());
        }
    }

    /**
     * This process leaves the data directory as it is ({@code preview}, {@code export}): the aggregate file is read,
     * never removed; one not used (not valid, counted before a withdrawal) is never written either, and a used one
     * only to {@link #commit} the report an {@code export} took from it (as a stored report does).
     */
    public synchronized void readsOnly() {
        window.readsOnly();
    }

    /** True when the spool file {@code identity} was counted already (flushed, its delete not done or failed). */
    public synchronized boolean counted(SpoolFileIdentity identity) {
        return consumed.contains(identity);
    }

    /** The counted file {@code identity} was deleted (unread): forgotten. */
    synchronized void deletedCounted(SpoolFileIdentity identity) {
        consumed.deleted(identity);
    }

    /** True when a poll that read {@code reading} files may count one more ({@link CountedFiles#roomFor}). */
    synchronized boolean mayCount(int reading) {
        return consumed.roomFor(reading);
    }

    /** The mark before a read (a poll, a request) decides consent, for {@link #add}: a change drops it. */
    public EventsBoundary.Mark readStarts() {
        return boundary.now();
    }

    /**
     * Consent is below full, as a decision of this process found it (a poll's, a request's, JMX {@code setConsent}, the
     * {@code consent} command's file noticed): what polls and requests read under full and did not add yet is dropped
     * when they add it ({@link #add}), and the window and its file are dropped now (one line when it held events).
     */
    public synchronized void lowered() {
        boundary.lowered();
        boolean counted = !current.isEmpty() || sealed != null;
        if (discard() && counted) {
            LOG.info("Events: consent is below full: the events counted at full dropped unsent");
        }
    }

    /**
     * Adds what a poll's spool files (or a request) held, flushed with the files' identities before they are deleted;
     * false, nothing added, when the mark is another than {@code readSince} (consent was withdrawn, given again, or
     * lowered here since: the log's order, whatever the clock did). A failed flush adds nothing (the
     * exception goes to the caller; the spool files stay and are read again).
     */
    public synchronized boolean add(EventAggregate delta, List<SpoolFileIdentity> identities,
            EventsBoundary.Mark readSince) {
        boolean withdrawnWhileRead = boundary.movedSince(readSince);
        forgetWithdrawn();
        EventAggregate next = withdrawnWhileRead ? current.copy() : current.plus(delta);
        if (withdrawnWhileRead) {
            LOG.info("Events: consent was withdrawn while they were read; dropped unsent");
        }
        List<SpoolFileIdentity> nextConsumed = consumed.next(identities);
        window.write(sealed == null ? next : sealed.plus(next), nextConsumed, mark.mark(), false);
        overflowed += (withdrawnWhileRead ? 0 : delta.overflow()) + next.overflow() - current.overflow();
        current = next;
        consumed.set(nextConsumed);
        return !withdrawnWhileRead;
    }

    /** Events counted under other since start because a bound (names, fingerprints) was reached. */
    public synchronized long overflowed() {
        return overflowed;
    }

    /** Adds events held in memory only (the demo's); they are flushed with the next poll that read a file. */
    public synchronized void addInMemory(EventAggregate delta) {
        forgetWithdrawn();
        long before = current.overflow();
        current.addAll(delta);
        overflowed += delta.overflow() + current.overflow() - before;
    }

    /** Another process owns the events: {@link #seal()} takes none, none is written; {@link #peek()} what loaded. */
    public synchronized void leftToAnother() {
        foreign = true;
    }

    /** Sets aside what was counted so far for the report being built, and answers it. */
    public synchronized Summary seal() {
        if (foreign) {
            return empty().summary();
        }
        forgetWithdrawn();
        sealed = sealed == null ? current : sealed.plus(current);
        current = empty();
        sealedSummary = sealed.summary();
        return sealedSummary;
    }

    /** What a report built now would carry (beside the owner: what was loaded); nothing is set aside. */
    public synchronized Summary peek() {
        if (mark.withdrawn(lastWithdrawal())) { // dropped by the next add or seal, never sent; a preview changes none
            return empty().summary();
        }
        return (sealed == null ? current : sealed.plus(current)).summary();
    }

    /** The report that carried {@code summary} is stored: its part is dropped, and the file rewritten without it. */
    public synchronized void commit(Summary summary) {
        if (sealed != null && summary == sealedSummary) {
            sealed = null;
            sealedSummary = null;
            window.write(current, consumed.list(), mark.mark(), true);
        }
    }

    /** True when consent was withdrawn at or after {@code time}: a spool file's (the product's clock) against it. */
    public boolean withdrawnSince(Instant time) {
        return boundary.withdrawnSince(time);
    }

    /** When consent was last withdrawn (an event dated then or before is refused), or empty. */
    public Optional<Instant> lastWithdrawal() {
        return boundary.since();
    }

    /** What was counted before a withdrawal recorded since the last look (by any process) is dropped, never sent. */
    private void forgetWithdrawn() {
        Optional<Instant> since = lastWithdrawal();
        boolean counted = !current.isEmpty() || sealed != null;
        if (mark.withdrawn(since) && discard() && counted) {
            LOG.info("Events: consent was withdrawn at {}, after the events in the window were counted: dropped"
                    + " unsent", since.map(Instant::toString).orElse("an unknown time"));
        }
        mark.checked(since);
    }

    /**
     * Consent is below full (or was withdrawn): everything counted is dropped and the file removed (nothing of the
     * events is kept); false when there was nothing.
     */
    public synchronized boolean discard() {
        if (!current.isEmpty() || sealed != null || !consumed.isEmpty() || Files.exists(file)) {
            current = empty();
            sealed = null;
            sealedSummary = null;
            consumed.set(List.of());
            window.delete();
            return true;
        }
        return false;
    }

    public Path file() {
        return file;
    }
}
