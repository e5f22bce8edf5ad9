package io.ceip.agent.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens a file to read without ever blocking on a fifo put in its place after its type was checked (whoever writes
 * the file's directory can rename one over it; {@code open(O_RDONLY)} of a fifo waits for a writer, for ever). Java
 * has no {@code O_NONBLOCK}: the file is opened read-write when it may be ({@code O_RDWR} never waits, on a fifo
 * either, and changes nothing of a regular file), else read-only on a short-lived thread given
 * {@link #WAIT} to open it. Either way what was opened must be seekable (a regular file), or it is closed and refused.
 */
final class ReadOpen {

    /** How long a read-only open may take before it is taken for a fifo's and refused. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private ReadOpen() {
    }

    /** A channel reading {@code file}, a regular file, not through a link. */
    static FileChannel regularFile(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException notWritable) {
            channel = within(file, WAIT);
        } catch (FileSystemException other) {
            if (other.getReason() == null || !other.getReason().contains("Read-only file system")) {
                throw other;
            }
            channel = within(file, WAIT);
        }
        try {
            channel.position(0); // lseek: a fifo, a socket or a terminal has none
            return channel;
        } catch (IOException notSeekable) {
            channel.close();
            throw new FileSystemException(OwnerOnlyFiles.shown(file), null, "is not a regular file");
        }
    }

    /**
     * Opens {@code file} read-only on a thread of its own, waiting at most {@code wait}; past it the open is taken to
     * wait for a fifo's writer and refused (the agent may not write the file, so it cannot be the writer that would
     * end that wait: the thread is left to its open). At most {@value #MAX_WAITING} such threads at once: past them,
     * refused at once.
     */
    static FileChannel within(Path file, Duration wait) throws IOException {
        if (WAITING.incrementAndGet() > MAX_WAITING) {
            WAITING.decrementAndGet();
            throw new FileSystemException(OwnerOnlyFiles.shown(file), null, "not opened: " + MAX_WAITING + " earlier"
                    + " opens never returned (fifos?)");
        }
        AtomicBoolean abandoned = new AtomicBoolean();
        FutureTask<FileChannel> open = new FutureTask<>(() -> {
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                if (abandoned.get()) {
                    channel.close(); // opened after the caller gave up: no one reads it
                }
                return channel;
            } finally {
                WAITING.decrementAndGet();
            }
        });
        Thread opener = new Thread(open, "ceip-read-open");
        opener.setDaemon(true);
        opener.start();
        try {
            return open.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandoned.set(true);
            throw new FileSystemException(OwnerOnlyFiles.shown(file), null, "did not open within " + wait.toSeconds()
                    + " s: not a regular file (a fifo?)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening " + OwnerOnlyFiles.shown(file));
        }
    }

    /** Read-only opens still under way on their own threads (a fifo's wait never ends unless it gets a writer). */
    private static final AtomicInteger WAITING = new AtomicInteger();
    static final int MAX_WAITING = 4;
}
