package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;
import io.ceip.collector.answer.RefusedException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Limits how many requests one client (by address) makes per second: the request past
 * {@code requestsPerSecond} within the current second is refused (429 with {@code Retry-After: 1}). The counts are
 * kept for the current second only (the table is cleared when the second moves on, on a monotonic clock; a thread
 * that read the clock just before never clears it again), so memory stays bounded by the clients of one second. 0
 * turns the limit off. {@link #admit} also tells the first refusal of a client's second from the others, so that a
 * flood writes one log line per client and second, not one per request.
 */
public final class FloodGuard {

    private final int requestsPerSecond;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long second = Long.MIN_VALUE; // a monotonic clock may be negative

    public FloodGuard(int requestsPerSecond) {
        this(requestsPerSecond, () -> System.nanoTime() / 1_000_000); // monotonic: a clock set back never stalls it
    }

    FloodGuard(int requestsPerSecond, LongSupplier clock) {
        this.requestsPerSecond = requestsPerSecond;
        this.clock = clock;
    }

    /** What {@link #admit} answers. */
    public enum Admission { ALLOWED, REFUSED, REFUSED_AGAIN }

    /**
     * Refuses a request of {@code client} past its second's limit: 429 {@code too many requests}, its second's first
     * refusal logged, the others not ({@link RefusedException#unlogged}).
     */
    public void check(String client) throws RefusedException {
        Admission admission = admit(client == null ? "" : client);
        if (admission != Admission.ALLOWED) {
            throw admission == Admission.REFUSED ? new RefusedException(Refusal.TOO_MANY_REQUESTS)
                    : RefusedException.unlogged(Refusal.TOO_MANY_REQUESTS);
        }
    }

    /** True when {@code client} may make one more request now. */
    public boolean allow(String client) {
        return admit(client) == Admission.ALLOWED;
    }

    /** Whether {@code client} may make one more request now; a refusal says whether it is its second's first. */
    public Admission admit(String client) {
        if (requestsPerSecond <= 0) {
            return Admission.ALLOWED;
        }
        long now = clock.getAsLong() / 1000;
        if (now > second) {
            synchronized (this) {
                if (now > second) {
                    counts.clear();
                    second = now;
                }
            }
        }
        int count = counts.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
        return count <= requestsPerSecond ? Admission.ALLOWED
                : count == requestsPerSecond + 1 ? Admission.REFUSED : Admission.REFUSED_AGAIN;
    }
}
