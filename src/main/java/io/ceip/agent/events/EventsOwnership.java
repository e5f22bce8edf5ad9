package io.ceip.agent.events;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Which process owns the product events of a data directory: the one holding an exclusive lock on
 * {@code events.lock} in it (created {@code 0600}, never through a link), held until it stops. The events' window lives
 * in the owner's memory as well as in its file, so only the owner reads the spool, counts and sends: a
 * {@code ceip-agent send} run beside the running agent leaves the events to it (they go with its next report) instead
 * of sending them too, which the running agent would then write back and send again. The lock is the operating
 * system's: it ends with its process, however that ends.
 */
public final class EventsOwnership implements AutoCloseable {

    /** The lock file's name in the data directory. */
    public static final String NAME = "events.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private EventsOwnership(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the events of {@code dataDirectory}, waiting up to {@code wait} for another process to let them go (a
     * {@code send} holds them for seconds); {@link #owned()} says whether it did.
     */
    public static EventsOwnership take(Path dataDirectory, Duration wait) {
        Path file = dataDirectory.resolve(NAME);
        try {
            OwnerOnlyFiles.createDirectories(dataDirectory);
            FileChannel channel = OwnerOnlyFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + wait.toNanos();
            FileLock lock = tryLock(channel);
            while (lock == null && System.nanoTime() - deadline < 0) {
                TimeUnit.MILLISECONDS.sleep(100); // another process's lock ends when it does: nothing to wake on
                lock = tryLock(channel);
            }
            if (lock == null) {
                channel.close();
                return new EventsOwnership(channel, null);
            }
            return new EventsOwnership(channel, lock);
        } catch (IOException e) { // no one can lock a data directory that cannot be written: its health says why
            return new EventsOwnership(null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the events' lock", e);
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
        } catch (IOException absent) {
            return false; // no lock file: no one has taken the events
        }
    }

    /** The lock, or null when another process holds it (or another agent in this JVM: the tests run several). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            return null;
        }
    }

    /** Whether this process owns the events (or no process can: the lock file cannot be made). */
    public boolean owned() {
        return lock != null || channel == null;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close(); // releases the lock
        }
    }
}
