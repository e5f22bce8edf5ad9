package io.ceip.agent.outbox;

import io.ceip.agent.files.FileLocks;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which process owns a dead-letter store: the one holding an exclusive lock on the first byte of {@value #NAME} in the
 * store's directory (created {@code 0600}, never through a link), held until it stops, as the product events have
 * theirs ({@code events.EventsOwnership}). The owner recovers the store at start and replays what it keeps; a
 * {@code ceip-agent send} beside the running agent does neither: it stores and sends its own new report only.
 * <p>
 * Each process also holds, while it works on a stored report (delivers, evicts, requeues or deletes it), the lock of
 * one byte of the same file past the first, picked by the report's ID ({@link #hold}): a report one process holds is
 * skipped by every other, however it ends (the locks are the operating system's, let go with their process). One
 * channel holds every lock of a process (closing another channel on the file would let them go). A lock file that is
 * not a regular file (a directory, a symbolic link, a fifo) or that this user may not open (another user's) is moved
 * aside once, itself and never followed, to {@value #NAME}{@code .refused-<random>} (one WARN line), as the ledger is
 * ({@link LedgerAtStart}), and a new one is made: else no one would ever own the store and its reports would never be
 * replayed. Only {@link #take} does so (a process that writes the store; {@link #none} makes nothing). A lock file that
 * still cannot be locked (a store that cannot be written) makes no one the owner: fail closed, as the events do; the
 * reports are still stored, and sent once; its queue's health says so ({@link AgentStatus#lockProblem()}).
 */
public final class StoreOwnership implements AutoCloseable {

    /** The lock file's name in the store's directory. */
    public static final String NAME = "store.lock";
    /** The start of the name of a lock file moved aside. */
    static final String REFUSED = NAME + ".refused-";

    private static final Logger LOG = LoggerFactory.getLogger(StoreOwnership.class);

    private final Path directory;
    private final boolean sole;
    private final Map<String, FileLock> held = new ConcurrentHashMap<>();
    private volatile FileChannel channel;
    private volatile FileLock owner;
    private volatile String failure;
    private volatile boolean deferred;
    private boolean setAsideTried;

    private StoreOwnership(Path directory, boolean sole) {
        this.directory = directory;
        this.sole = sole;
    }

    /**
     * Takes the store in {@code directory}. When another process owns it: with {@code whileWaiting} (the running
     * agent), says so by running it and waits until it is let go; without (a one-shot command), does not take it.
     */
    public static StoreOwnership take(Path directory, Runnable whileWaiting) {
        return take(directory, whileWaiting, true);
    }

    /** {@link #take}; without {@code mayMoveAside}, as when the lock file cannot be moved aside (a test's). */
    static StoreOwnership take(Path directory, Runnable whileWaiting, boolean mayMoveAside) {
        StoreOwnership ownership = new StoreOwnership(directory, false);
        ownership.setAsideTried = !mayMoveAside;
        if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            ownership.lock(whileWaiting);
        } else {
            ownership.deferred = true; // nothing is made before the first report: taken once the store exists
        }
        return ownership;
    }

    /** A store no other process uses (a test's, or one read by a command): owned, no lock file. */
    public static StoreOwnership sole() {
        return new StoreOwnership(null, true);
    }

    /** A store this process only looks at ({@code preview}, {@code export}): not owned, nothing made. */
    public static StoreOwnership none() {
        return new StoreOwnership(null, false);
    }

    private synchronized void lock(Runnable whileWaiting) {
        Path file = directory.resolve(NAME);
        if (owner != null || deferred && !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            OwnerOnlyFiles.createDirectories(directory);
            if (channel == null) { // one channel for every lock: closing another would let them all go
                channel = open(file);
            }
            FileLock lock = FileLocks.tryLock(channel, 0, 1);
            if (lock == null && whileWaiting != null) {
                whileWaiting.run();
                lock = channel.lock(0, 1, false); // woken when the other process lets go
            }
            owner = lock;
            failure = null;
            deferred &= lock == null; // the running agent that found a send owning it: tried again later
        } catch (IOException | OverlappingFileLockException e) { // overlapping: waiting for another in this JVM
            if (held.isEmpty()) {
                FileLocks.close(channel);
                channel = null;
            }
            failure = OwnerOnlyFiles.shown(file) + " cannot be locked (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** The lock file's channel; a lock file that cannot be opened is moved aside once (see the class), then made. */
    private FileChannel open(Path file) throws IOException {
        try {
            return OwnerOnlyFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            String kind = Files.isSymbolicLink(file) ? "a symbolic link"
                    : Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "a directory"
                    : !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? "a fifo, socket or device"
                    : e instanceof AccessDeniedException ? "a file this user may not open (another user's?)" : null;
            if (setAsideTried || kind == null || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            setAsideTried = true;
            Path aside = file.resolveSibling(REFUSED + UUID.randomUUID());
            try {
                Files.move(file, aside, LinkOption.NOFOLLOW_LINKS); // a rename: a link is moved itself, never followed
            } catch (IOException | RuntimeException notMoved) {
                LOG.warn("The dead-letter store's lock file {} is {} and cannot be moved aside ({}): no process owns"
                        + " the store, its reports are sent once and never replayed until it is moved away",
                        OwnerOnlyFiles.shown(file), kind, notMoved.getClass().getSimpleName());
                throw e;
            }
            LOG.warn("The dead-letter store's lock file {} is {}: moved aside to {} (not followed, not read); a new"
                    + " lock file is made there", OwnerOnlyFiles.shown(file), kind,
                    OwnerOnlyFiles.shown(aside.getFileName()));
            return OwnerOnlyFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
    }

    /**
     * Whether this process owns the store: it recovers it at start and replays what it keeps. A lock file that could
     * not be locked (the store's directory could not be written, say), or a store that did not exist at start, is
     * tried again here: the owner from then on. A store that does not exist (yet) is no one else's.
     */
    public boolean owned() {
        if (sole) {
            return true;
        }
        if (owner == null && directory != null && (failure != null || deferred)) {
            lock(null);
        }
        return owner != null || deferred && !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS);
    }

    /** Why the lock file could not be locked (the file and the error), or null. */
    public String failure() {
        return failure;
    }

    /**
     * Holds the report {@code reportId} for this process: false when another process holds it. Without a lock file
     * (a sole store, or one that cannot be locked) only this process's own claims count ({@link DeliveryQueue}).
     */
    boolean hold(String reportId) {
        if (held.containsKey(reportId)) {
            return true;
        }
        if (channel == null && deferred && directory != null) {
            lock(null); // the store exists now: its lock file too
        }
        FileChannel locks = channel;
        if (locks == null) {
            return true;
        }
        try {
            FileLock lock = FileLocks.tryLock(locks, position(reportId), 1);
            if (lock != null) {
                held.put(reportId, lock);
            }
            return lock != null;
        } catch (IOException | IllegalArgumentException e) {
            return false; // cannot tell: left alone
        }
    }

    /** Lets the report go (nothing when it was not held here). */
    void release(String reportId) {
        FileLock lock = held.remove(reportId);
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException ignored) {
            // the lock ends with the channel, or with the process
        }
    }

    @Override
    public synchronized void close() {
        FileLocks.close(channel); // releases every lock
        channel = null;
        owner = null;
    }

    /** The byte locked for a report: past the first, picked by its ID (two IDs on one byte: one waits a turn). */
    private static long position(String reportId) {
        UUID id = UUID.fromString(reportId);
        return 1 + ((id.getMostSignificantBits() ^ id.getLeastSignificantBits()) & 0x3FFF_FFFF_FFFF_FFFFL);
    }
}
