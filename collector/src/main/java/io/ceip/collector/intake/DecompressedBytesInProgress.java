package io.ceip.collector.intake;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's budget of report bytes in progress ({@code collector.intake.max-decompressed-bytes-in-progress}): each
 * request takes, all at once before it is inflated, its body's bytes and those its report declares (in steps of
 * {@value #STEP} bytes; {@link RequestBody}), then any more in steps as they are inflated, and gives them all back
 * when its exchange ends. A request that finds the budget taken is
 * answered 503 {@code busy, retry later} with {@code Retry-After: 5} before it inflates further (the agent keeps the
 * report and sends it again; never 413, which the agent files as rejected). The per-address caps bound requests, not
 * bytes: one address's eight requests of maximal reports, each small as sent, could hold more than the heap (review
 * s21 collector H2); the budget bounds what all of them together hold. An inflated byte costs the heap several: the
 * inflated report, the report's tree (its texts as UTF-16 strings, Jackson's buffers), the store's insert. So the
 * default is a {@value #HEAP_SHARE}th of the heap ({@link Runtime#maxMemory()}).
 */
public final class DecompressedBytesInProgress {

    /** The default budget is the heap divided by this. */
    static final long HEAP_SHARE = 16;
    /** How much more a request takes at a time while it inflates. */
    static final int STEP = 64 * 1024;

    private final long max;
    private final AtomicLong held = new AtomicLong();

    /** @param max bytes all requests may hold at once */
    public DecompressedBytesInProgress(long max) {
        this.max = max;
    }

    /**
     * The budget: {@code setting}, or when it is 0 the heap's {@value #HEAP_SHARE}th; never below what one request at
     * the limits holds ({@code maxCompressed + maxDecompressed} and a step), so that such a request alone is taken.
     */
    public static long budget(long setting, long maxMemory, long maxCompressed, long maxDecompressed) {
        long budget = setting > 0 ? setting : maxMemory / HEAP_SHARE;
        return Math.max(budget, maxCompressed + maxDecompressed + 2L * STEP);
    }

    /** The budget in bytes. */
    public long max() {
        return max;
    }

    /** Bytes held now by the requests in progress. */
    public long held() {
        return held.get();
    }

    /** A request's share, empty until it {@link Reservation#take takes} bytes; closing it gives them back. */
    public Reservation reserve() {
        return new Reservation();
    }

    /** One request's bytes of the budget. */
    public final class Reservation implements AutoCloseable {

        private long taken;
        private boolean closed;

        private Reservation() {
        }

        /** Takes {@code bytes} more; false, and nothing taken, when the budget has not that many left. */
        public synchronized boolean take(long bytes) {
            if (closed) {
                return false;
            }
            for (long now = held.get(); ; now = held.get()) {
                if (now + bytes > max) {
                    return false;
                }
                if (held.compareAndSet(now, now + bytes)) {
                    taken += bytes;
                    return true;
                }
            }
        }

        /** Bytes this request holds. */
        public synchronized long taken() {
            return taken;
        }

        /** Gives every byte back (once; a later {@link #take} takes nothing). */
        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                held.addAndGet(-taken);
                taken = 0;
            }
        }
    }
}
