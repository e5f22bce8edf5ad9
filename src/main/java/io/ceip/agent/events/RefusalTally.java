package io.ceip.agent.events;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts one kind of the HTTP intake's refusals since start and says which to log: the first and every hundredth,
 * so that a local process repeating a refused request does not flood the log. Thread-safe.
 */
final class RefusalTally {

    private final AtomicLong refused = new AtomicLong();

    /** Counts one refusal; returns the count so far when this one is to be logged, else 0. */
    long count() {
        long count = refused.incrementAndGet();
        return count == 1 || count % 100 == 0 ? count : 0;
    }
}
