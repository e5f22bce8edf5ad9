package io.ceip.collector.intake;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what is refused and tells, at most once per second, how many were since it last told: so that a flood of
 * refusals writes one log line per second, not one per refusal. On a monotonic clock; thread-safe.
 */
final class OncePerSecond {

    private final AtomicInteger sinceLine = new AtomicInteger();
    private final AtomicLong lineSecond = new AtomicLong(Long.MIN_VALUE); // nanoTime may be negative

    /** Counts one; returns how many to tell now (this one included), or 0 when this second was told already. */
    int count() {
        int counted = sinceLine.incrementAndGet();
        long second = System.nanoTime() / 1_000_000_000L;
        long last = lineSecond.get();
        if (second != last && lineSecond.compareAndSet(last, second)) {
            sinceLine.addAndGet(-counted);
            return counted;
        }
        return 0;
    }
}
