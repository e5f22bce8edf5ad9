package io.ceip.agent.outbox;

import io.ceip.agent.files.FileLocks;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock every process that keeps copies in {@code sent/} holds while it writes and prunes there
 * ({@link SentReports}: the running agent and a {@code send}, {@code requeue} beside it), {@code sent.lock} beside
 * that directory, with a count of the changes made there: each holder adds one when it lets go, so a process whose last
 * count is not the file's knows another changed the directory since, and lists it again (the copies it knows in
 * memory would miss the other's, which it would then never prune). A lock another holds is waited for, at most
 * {@link #WAIT}; a lock file that cannot be opened (a link, a directory planted there) is one WARN line; without the
 * lock (not opened, or not had in time) the directory is listed again every time, so the bound still holds once the
 * other process is done.
 */
final class SentLock {

    /** The lock file's name, beside the directory ({@code sent.lock}): {@code sent/} holds the copies alone. */
    static final String SUFFIX = ".lock";
    /** How long a lock another process holds is waited for (it holds it for one write and prune). */
    static final Duration WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(SentReports.class);

    private final Path file;
    /** The count this process left in the file at its last change; -1: none yet (the directory is not known). */
    private long seen = -1;
    private boolean refused;

    SentLock(Path directory) {
        this.file = directory.resolveSibling(directory.getFileName() + SUFFIX);
    }

    /** The lock, held until {@link Held#close()}; without it when it cannot be had ({@link Held#changed()} true). */
    Held hold() {
        FileChannel channel = open();
        FileLock lock = null;
        long count = -1;
        try {
            long until = System.nanoTime() + WAIT.toNanos();
            while (channel != null && (lock = FileLocks.tryLock(channel)) == null && System.nanoTime() < until) {
                Thread.sleep(1); // the other holds it for one write and prune
            }
            count = lock == null ? -1 : read(channel);
        } catch (IOException e) {
            count = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Held(channel, lock, count);
    }

    private FileChannel open() {
        try {
            return OwnerOnlyFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            if (!refused) {
                LOG.warn("The lock file of the sent copies {} cannot be opened ({}): the directory is listed at each"
                        + " delivery instead; remove what is there", OwnerOnlyFiles.shown(file),
                        e.getClass().getSimpleName());
            }
            refused = true;
            return null;
        }
    }

    private static long read(FileChannel channel) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES);
        while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
            // the count, 8 bytes; a file shorter (new, or torn) reads as what it holds, padded with zeros
        }
        return bytes.flip().remaining() == Long.BYTES ? bytes.getLong() : 0;
    }

    /** The lock held (or not had), and the count of changes it found. */
    final class Held implements AutoCloseable {

        private final FileChannel channel;
        private final FileLock lock;
        private final long count;

        private Held(FileChannel channel, FileLock lock, long count) {
            this.channel = channel;
            this.lock = lock;
            this.count = count;
        }

        /** Whether another process may have changed the directory since this one last did: then list it again. */
        boolean changed() {
            return lock == null || count < 0 || count != seen;
        }

        /** Adds this change to the count (when the lock is held) and lets the lock go. */
        @Override
        public void close() {
            try {
                if (lock != null && count >= 0) {
                    ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).putLong(0, count + 1);
                    while (bytes.hasRemaining()) {
                        channel.write(bytes, bytes.position());
                    }
                    seen = count + 1;
                }
            } catch (IOException e) {
                seen = -1; // not counted: this process lists again next time; another may not know of this change
            } finally {
                FileLocks.close(channel);
            }
        }
    }
}
