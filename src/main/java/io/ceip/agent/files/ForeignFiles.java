package io.ceip.agent.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads files in a directory another principal writes (the product's inventory file, the events spool) without ever
 * waiting for ever: such a file is checked to be a regular file, then opened by name, and in between a fifo can be
 * renamed over it, whose read-only open waits for a writer for ever (Java has no {@code O_NONBLOCK}). The open runs
 * on one of at most {@value #MAX_WAITING} opener threads (kept {@link #IDLE} after their last open) given
 * {@link #WAIT}; past it the file is refused, the thread left to its open. A path whose
 * earlier open never returned is refused at once, and at most {@value #MAX_WAITING} such threads wait at once (past
 * them every foreign open is refused at once, one line each); what was opened must be seekable (a regular file). The
 * agent's own files (the data directory, {@code 0700}: no one else can put a fifo there) are opened directly
 * ({@link OwnerOnlyFiles}). Opens are read-only: nothing watching the file sees a write.
 */
public final class ForeignFiles {

    /** How long an open may take before it is taken for a fifo's and refused. */
    static final Duration WAIT = Duration.ofSeconds(5);
    /** Opens still waiting on their threads, at most. */
    static final int MAX_WAITING = 16;

    private static final AtomicInteger WAITING = new AtomicInteger();
    private static final Set<Path> STUCK = ConcurrentHashMap.newKeySet();
    private static final Object ABANDONED = new Object();
    /**
     * How long an opener thread is kept for the next open. Bench {@code -Dbench.only=events -Dbench.runs=3},
     * 2026-12-06, 300 spool files × 10,000 lines, the agent's events a second: a thread started for each open
     * 1.42–1.48 million, kept threads 2.08–2.40 million (the plain loop's 3.0 million both times).
     */
    static final Duration IDLE = Duration.ofSeconds(30);
    /** Never more threads than opens waiting ({@link #WAITING} is taken before a task is handed over). */
    private static final ThreadPoolExecutor OPENERS = openers();
    private static final String OTHERS = " earlier opens of other files never returned (fifos?)";

    private ForeignFiles() {
    }

    /** The content of {@code file}, a regular file of at most {@code maxBytes}, not through a link. */
    public static byte[] read(Path file, long maxBytes) throws IOException {
        try (FileChannel channel = open(file)) {
            return OwnerOnlyFiles.readAll(channel, file, maxBytes);
        }
    }

    /** A read-only channel of {@code file}, a regular file, not through a link, opened within {@link #WAIT}. */
    public static FileChannel open(Path file) throws IOException {
        OwnerOnlyFiles.requireRegularOrAbsent(file);
        FileChannel channel = within(file, WAIT);
        try {
            channel.position(0); // lseek: a fifo that got a writer meanwhile has none
            return channel;
        } catch (IOException notSeekable) {
            channel.close();
            throw new FileSystemException(OwnerOnlyFiles.shown(file), null, "is not a regular file");
        }
    }

    /** Why {@code failure} refused a file, in words (its reason, one line), else its class. */
    public static String why(IOException failure) {
        return failure instanceof FileSystemException refused && refused.getReason() != null
                ? OwnerOnlyFiles.shown(refused.getReason()) : failure.getClass().getSimpleName();
    }

    /** Whether {@code failure} refused a file only because other files' opens never returned: try it again later. */
    public static boolean heldByOthers(IOException failure) {
        return failure instanceof FileSystemException refused && refused.getReason() != null
                && refused.getReason().endsWith(OTHERS);
    }

    private static ThreadPoolExecutor openers() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_WAITING, MAX_WAITING, IDLE.toSeconds(), TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread opener = new Thread(task, "ceip-foreign-open");
                    opener.setDaemon(true);
                    return opener;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Opens {@code file} read-only on an opener thread, waiting at most {@code wait}. */
    static FileChannel within(Path file, Duration wait) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        if (STUCK.contains(key)) {
            throw new FileSystemException(OwnerOnlyFiles.shown(file), null, "not opened: an earlier open of it"
                    + " never returned (a fifo?)");
        }
        if (WAITING.incrementAndGet() > MAX_WAITING) {
            WAITING.decrementAndGet();
            throw new FileSystemException(OwnerOnlyFiles.shown(file), null, "not opened: " + MAX_WAITING + OTHERS);
        }
        // the opener publishes its channel, or closes it when the caller gave up first: never both, never neither
        AtomicReference<Object> state = new AtomicReference<>();
        FutureTask<Void> open = new FutureTask<>(() -> {
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                if (!state.compareAndSet(null, channel)) {
                    channel.close();
                }
                return null;
            } finally {
                STUCK.remove(key);
                WAITING.decrementAndGet();
            }
        });
        OPENERS.execute(open);
        try {
            open.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return (FileChannel) state.get();
        } catch (TimeoutException e) {
            if (state.compareAndSet(null, ABANDONED)) {
                STUCK.add(key);
                if (open.isDone()) {
                    STUCK.remove(key); // it ended meanwhile: nothing is stuck
                }
                throw new FileSystemException(OwnerOnlyFiles.shown(file), null, "did not open within "
                        + wait.toSeconds() + " s: not a regular file (a fifo?)");
            }
            return (FileChannel) state.get(); // opened just as the wait ended
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!state.compareAndSet(null, ABANDONED)) {
                ((FileChannel) state.get()).close();
            }
            throw new InterruptedIOException("interrupted while opening " + OwnerOnlyFiles.shown(file));
        }
    }
}
