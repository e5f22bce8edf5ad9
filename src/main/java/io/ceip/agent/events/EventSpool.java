package io.ceip.agent.events;

import io.ceip.agent.files.ForeignFiles;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product's events spool ({@code ceip.events.directory}): the route {@code ceip-events} hands it each
 * {@code *.jsonl} file of a poll ({@link #consume}), and its poll strategy ends the poll with {@link #endOfPoll}. A
 * file is opened only if it is a regular file (never through a link) of at most {@code maxFileBytes}; its lines are
 * streamed, each at most {@code maxLineBytes}, parsed ({@link EventLineParser}), mapped to declared names
 * ({@link EventRecorder}) and aggregated; a bad line is counted and skipped. What the poll's files held is added to
 * the {@link EventStore} and flushed once, at the end of the poll, and only then are those files deleted (the route
 * never deletes: {@code noop}); a poll that does not end well ({@link #dropPoll}) leaves its files, read again at the
 * next poll. A refused file is counted, not read, and deleted at once; so is a file written before consent was last
 * withdrawn ({@link FullConsentTold}: by the audit's order; by its last-modified time, the product's clock, only what
 * was there when this process started). What a poll reads is dropped when the audit records a withdrawal (or consent
 * given again) after the poll began to decide consent ({@link #decides}: the log's order). A file whose reading fails
 * (the consent audit log cannot be read), or that changed while it was read (written in place: counted once read
 * unchanged), stays, and the next poll waits its interval ({@link #kept}). Counters since start: {@link #accepted()},
 * {@link #refusedLines()}, {@link #refusedFiles()}, {@link #overflowed()}, {@link #deletedUnread()}. One poll at a time
 * (the consumer's thread).
 */
public final class EventSpool {

    private static final Logger LOG = LoggerFactory.getLogger(EventSpool.class);
    /** The ending of the files the product hands over; anything else in the directory is left alone. */
    public static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final EventStore store;
    private final EventLines lines;
    private final long maxFileBytes;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refusedLines = new AtomicLong();
    private final AtomicLong refusedFiles = new AtomicLong();
    private final AtomicLong deletedUnread = new AtomicLong();
    private final PollBatch poll = new PollBatch();
    final FullConsentTold told; // spool files written before the product was last told full: deleted unread
    private final OncePerCause problem = new OncePerCause(LOG);
    private boolean leftFiles;
    private boolean failedThisPoll;

    public EventSpool(Path directory, EventStore store, EventRecorder recorder, long maxFileBytes, int maxLineBytes) {
        this.directory = directory;
        this.store = store;
        this.lines = new EventLines(recorder, maxLineBytes);
        this.maxFileBytes = maxFileBytes;
        this.told = new FullConsentTold(directory, store, deletedUnread);
    }

    /** Reads the spool file {@code path} into the poll (flushed, deleted by {@link #endOfPoll}): how many events. */
    public long consume(String path) {
        try {
            return read(Path.of(path));
        } catch (RuntimeException e) {
            return kept(path, e);
        }
    }

    /**
     * Reading {@code path} failed ({@code failure}: in {@link #consume}, or caught by the route): the file stays, read
     * again after the poll interval, never at once; one WARN line per cause ({@link OncePerCause}).
     */
    public long kept(String path, Throwable failure) {
        leftFiles = true;
        failedThisPoll = true;
        problem.warn(OncePerCause.why(failure), failure, "Events: {} kept in the spool, read again after the poll"
                + " interval: {}", OwnerOnlyFiles.shown(Path.of(path).getFileName()));
        return 0;
    }

    /**
     * True for a spool file counted already, deleted unread now if it can be, else left ({@link PollBatch#leftIfCounted}):
     * the route's file filter ({@link CountedSpoolFiles}) asks before a poll takes a file, so that files the agent
     * cannot delete never take a poll's places ({@code ceip.events.max-files-per-poll}) from new ones.
     */
    public boolean countedAlready(Path file) {
        return leftIfCounted(poll.leftIfCounted(store, file));
    }

    private boolean leftIfCounted(Optional<Boolean> left) {
        leftFiles |= left.orElse(false);
        return left.isPresent();
    }

    private long read(Path file) {
        String shown = OwnerOnlyFiles.shown(file.getFileName());
        SpoolFileIdentity identity;
        try {
            identity = SpoolFileIdentity.of(file);
        } catch (IOException gone) {
            return 0;
        }
        if (leftIfCounted(poll.leftIfCounted(store, identity, file))) { // counted already: deleted unread, or left
            return 0;
        }
        if (!poll.roomFor(store)) { // no room to count it: left
            leftFiles = true;
            return 0;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return refuse(file, "not a regular file (a link or a special file); not followed");
        }
        if (told.byTime() && PollBatch.writtenBeforeWithdrawal(store, file)) { // before a first decision's sweep
            deletedUnread.incrementAndGet();
            LOG.info("Events: {} was last written before consent was last withdrawn; deleted unread", shown);
            leftFiles |= !poll.delete(file);
            return 0;
        }
        EventAggregate delta = store.empty();
        EventLines.Counted counted;
        poll.reading(store.readStarts());
        try (FileChannel channel = ForeignFiles.open(file)) {
            if (channel.size() > maxFileBytes) {
                return refuse(file, channel.size() + " bytes, more than ceip.events.max-file-bytes ("
                        + maxFileBytes + "); not read");
            }
            counted = lines.read(Channels.newInputStream(channel), delta, maxFileBytes, Long.MAX_VALUE,
                    store.lastWithdrawal());
        } catch (IOException e) {
            boolean later = ForeignFiles.heldByOthers(e); // other files' fifos hold every open: kept, read later
            leftFiles |= later;
            return later ? 0 : refuse(file, "cannot be read (" + ForeignFiles.why(e) + ")");
        }
        if (!identity.stillIn(directory)) { // counted only once read unchanged: never twice, never a half line
            return kept(file.toString(), new IllegalStateException("it changed while it was read (written in place)"));
        }
        String firstProblem = counted.firstProblem() == null && counted.stop() == EventLines.Stop.BYTES
                ? "grew past ceip.events.max-file-bytes" : counted.firstProblem();
        poll.add(identity, delta, counted.accepted(), counted.refused());
        if (counted.refused() > 0) {
            LOG.warn("Events: {}: {} event(s) accepted, {} line(s) refused (first at {})", shown, counted.accepted(),
                    counted.refused(), firstProblem);
        } else {
            LOG.debug("Events: {}: {} event(s) accepted", shown, counted.accepted());
        }
        return counted.accepted();
    }

    /**
     * The poll is over: what its files held is flushed once ({@link EventStore#add}), then those files are deleted
     * (each only while it is still the file that was read). When the flush fails (one WARN line) nothing is counted
     * and the files stay, read again at the next poll. Returns how many events were flushed.
     */
    public long endOfPoll() {
        long flushed = 0;
        problem.goneUnless(failedThisPoll, "Events: the spool's files are read again");
        failedThisPoll = false;
        if (poll.flushTo(store)) {
            flushed = poll.accepted();
            accepted.addAndGet(flushed);
            refusedLines.addAndGet(poll.refusedLines());
            leftFiles |= !poll.deleteFrom(directory);
        } else {
            leftFiles |= !poll.isEmpty();
        }
        poll.clear();
        return flushed;
    }

    /**
     * True (once) when a file the polls since the last call read or refused is still in the spool because it could
     * not be flushed or deleted: the route's greedy poll then waits its interval, and never spins on such a file.
     */
    public boolean leftFiles() {
        boolean left = leftFiles;
        leftFiles = false;
        return left;
    }

    /** Forgets the poll's files unflushed: they stay in the spool and are read again (a failed poll). */
    public void dropPoll() {
        poll.clear();
    }

    /** The poll's events flushed, its files not yet deleted: where a crash in {@link #endOfPoll} may stop. */
    boolean flushOnly() {
        return poll.flushTo(store);
    }

    /** Adds events accepted and lines refused elsewhere (the HTTP intake) to this spool's counters. */
    void tally(long acceptedEvents, long refused) {
        accepted.addAndGet(acceptedEvents);
        refusedLines.addAndGet(refused);
    }

    /** Consent is below full: every {@code *.jsonl} entry of the spool but hidden ones is deleted unread (a link
     * itself, never its target; a directory is left), and the aggregate and its file are dropped. Returns how many. */
    public int deleteUnread() {
        poll.clear();
        store.lowered(); // and what a request read under full, not added yet
        int deleted = SpoolDirectory.deleteJsonl(directory);
        if (deleted > 0) {
            deletedUnread.addAndGet(deleted);
            LOG.info("Events: consent is not full: {} spool file(s) deleted unread (the product should write events"
                    + " only while data/consent-level says full)", deleted);
        }
        return deleted;
    }

    /** A poll begins to decide consent: what it reads is dropped if the audit's mark changes from now on. */
    void decides() {
        poll.reading(store.readStarts());
    }

    private long refuse(Path file, String why) {
        refusedFiles.incrementAndGet();
        LOG.warn("Events: {} refused: {}", OwnerOnlyFiles.shown(file.getFileName()), why);
        leftFiles |= !poll.delete(file);
        return 0;
    }

    public Path directory() {
        return directory;
    }

    public long accepted() {
        return accepted.get();
    }

    public long refusedLines() {
        return refusedLines.get();
    }

    public long refusedFiles() {
        return refusedFiles.get();
    }

    public long deletedUnread() {
        return deletedUnread.get();
    }

    /** Events counted under other since start because a bound was reached ({@link EventStore#overflowed()}). */
    public long overflowed() {
        return store.overflowed();
    }
}
