package io.ceip.agent.events;

import io.ceip.agent.files.FileLocks;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLockInterruptionException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Which process owns the product events of a data directory: the one holding an exclusive lock on
 * {@code events.lock} in it (created {@code 0600}, never through a link), held until it stops. The events' window lives
 * in the owner's memory as well as in its file, so only the owner reads the spool, counts, seals and commits: a
 * {@code ceip-agent send} or {@code export} run beside the running agent leaves the events to it (they go with its
 * next report) instead of sending them too, which the running agent would then write back and send again. The lock is
 * the operating system's: it ends with its process, however that ends. A lock file that cannot be opened (a directory,
 * a link, another user's file, a data directory that cannot be written) makes no one the owner: fail closed.
 */
public final class EventsOwnership implements AutoCloseable {

    /** The lock file's name in the data directory. */
    public static final String NAME = "events.lock";

    private final FileChannel channel;
    private final FileLock lock;
    private final String failure;

    private EventsOwnership(FileChannel channel, FileLock lock, String failure) {
        this.channel = channel;
        this.lock = lock;
        this.failure = failure;
    }

    /**
     * Takes the events of {@code dataDirectory}. When another process holds them: with {@code whileWaiting} (the
     * running agent), says so by running it and waits until they are let go (a {@code send} ends; another agent on the
     * same data directory never does); without (a one-shot command), does not take them.
     */
    public static EventsOwnership take(Path dataDirectory, Runnable whileWaiting) {
        Path file = dataDirectory.resolve(NAME);
        FileChannel channel = null;
        try {
            OwnerOnlyFiles.createDirectories(dataDirectory);
            channel = OwnerOnlyFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = FileLocks.tryLock(channel);
            if (lock == null && whileWaiting != null) {
                whileWaiting.run();
                lock = lockUnlessStopped(channel);
            }
            return new EventsOwnership(channel, lock, null);
        } catch (IOException | OverlappingFileLockException e) { // overlapping: waiting for another in this JVM
            FileLocks.close(channel);
            return new EventsOwnership(null, null, OwnerOnlyFiles.shown(file) + " cannot be locked ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Waits for the lock: the operating system wakes this when the other process lets go. A signal that stops the JVM
     * meanwhile (SIGTERM, SIGINT) ends the wait at once ({@link StoppedWhileWaiting}), not after the stop's timeout.
     */
    private static FileLock lockUnlessStopped(FileChannel channel) throws IOException {
        Thread waiting = Thread.currentThread();
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread stop = new Thread(() -> {
            waiting.interrupt();
            interrupted.countDown();
        }, "ceip-events-wait-stop");
        try {
            Runtime.getRuntime().addShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) { // the signal came before the wait
            FileLocks.close(channel);
            throw new StoppedWhileWaiting();
        }
        FileLock lock;
        try {
            lock = channel.lock(); // an interrupt ends the wait (or, before it, closes the channel)
        } catch (FileLockInterruptionException | ClosedByInterruptException stopped) {
            Thread.interrupted(); // the stop goes on in order
            FileLocks.close(channel);
            throw new StoppedWhileWaiting();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
            return lock;
        } catch (IllegalStateException shuttingDown) { // the signal came as the lock was taken
            try {
                interrupted.await(5, TimeUnit.SECONDS); // the JVM starts its hooks at once: this one's interrupt
            } catch (InterruptedException e) {
                // that interrupt came while waiting for it
            }
            Thread.interrupted();
            FileLocks.close(channel);
            throw new StoppedWhileWaiting();
        }
    }

    /** The JVM began to stop while the running agent waited for the events: its start ends, in order. */
    public static final class StoppedWhileWaiting extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        StoppedWhileWaiting() {
            super("Stopped while waiting for the product events");
        }
    }

    /**
     * Whether another process owns the events of {@code dataDirectory}, looked at without taking them or creating or
     * changing any file (what {@code preview} and {@code export} ask).
     */
    public static boolean heldElsewhere(Path dataDirectory) {
        try (FileChannel channel = OwnerOnlyFiles.open(dataDirectory.resolve(NAME), StandardOpenOption.READ)) {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock != null) {
                lock.release();
            }
            return lock == null;
        } catch (OverlappingFileLockException heldHere) {
            return true;
        } catch (java.nio.file.NoSuchFileException absent) {
            return false; // no lock file: no one has taken the events
        } catch (IOException unopenable) {
            return true; // not a file this agent made: no one owns the events (fail closed)
        }
    }

    /** Whether this process owns the events. */
    public boolean owned() {
        return lock != null;
    }

    /** Why the lock could not be taken (the file and the error), or null. */
    public String failure() {
        return failure;
    }

    @Override
    public void close() {
        FileLocks.close(channel); // releases the lock
    }
}
