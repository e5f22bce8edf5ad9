package io.ceip.agent.events;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts one kind of the HTTP intake's refusals since start and logs its line for the first, then for the first of
 * each second (on a monotonic clock), each with the count since start and what the last one was. So a local process
 * repeating a refused request writes at most a line a second of each kind, and a refusal that comes rarely (a product
 * shut out now and then) is still seen. Thread-safe.
 */
final class RefusalTally {

    /** The line: the count since start and what the last refusal was (never a request's content). */
    interface Line {
        void log(long count, Object last);
    }

    private final Line line;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong loggedSecond = new AtomicLong(Long.MIN_VALUE);

    RefusalTally(Line line) {
        this.line = line;
    }

    /** Counts one refusal, {@code last} saying what it was; logs the line when it is due. */
    void count(Object last) {
        long count = refused.incrementAndGet();
        long second = Math.floorDiv(System.nanoTime(), 1_000_000_000L);
        long logged = loggedSecond.get();
        if (logged != second && loggedSecond.compareAndSet(logged, second)) {
            line.log(count, last);
        }
    }
}
