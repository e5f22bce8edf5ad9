package io.ceip.collector.intake;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Limits how many requests one client (by address) makes per second: the request past
 * {@code requestsPerSecond} within the current second is refused (429 with {@code Retry-After: 1}). The counts are
 * kept for the current second only (the table is cleared when the second changes), so memory stays bounded by the
 * clients of one second. 0 turns the limit off.
 */
public final class FloodGuard {

    private final int requestsPerSecond;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long second = -1;

    public FloodGuard(int requestsPerSecond) {
        this(requestsPerSecond, System::currentTimeMillis);
    }

    FloodGuard(int requestsPerSecond, LongSupplier clock) {
        this.requestsPerSecond = requestsPerSecond;
        this.clock = clock;
    }

    /** True when {@code client} may make one more request now. */
    public boolean allow(String client) {
        if (requestsPerSecond <= 0) {
            return true;
        }
        long now = clock.getAsLong() / 1000;
        if (now != second) {
            synchronized (this) {
                if (now != second) {
                    counts.clear();
                    second = now;
                }
            }
        }
        return counts.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet() <= requestsPerSecond;
    }
}
