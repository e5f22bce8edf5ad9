package io.ceip.agent.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of the customer destination's copies (the wire tap of ceip-report, {@code executorService:
 * ceipCopyHandOff}): {@value #THREADS} threads (the customer's component has two connections) and a queue of
 * {@value #QUEUE}. A copy takes a place before it is handed off ({@link #reserve}), let go once its delivery ends.
 * A copy that finds none is not handed off: it never runs on the report cycle's thread (Camel's default pool would run
 * it there when its queue of 1,000 is full) and is never held in memory beyond the queue. It is already in the
 * customer's store ({@code copySteps.store}), which lets its claim go, so the customer's replay sends it. One WARN line
 * says so at most every {@value #LOG_MINUTES} minutes, with the number left since the last line.
 */
public final class CopyHandOff extends ThreadPoolExecutor implements AutoCloseable {

    static final int THREADS = 2;
    static final int QUEUE = 16;
    static final int LOG_MINUTES = 5;

    private static final Logger LOG = LoggerFactory.getLogger(CopyHandOff.class);

    private final Clock clock;
    private final Path store;
    private final AtomicLong left = new AtomicLong();
    private final Semaphore places = new Semaphore(THREADS + QUEUE);
    private long leftSinceLine;
    private Instant lastLine;

    /** @param store the customer's dead-letter store, named by the line */
    public CopyHandOff(Path store, Clock clock) {
        // room for every place: a worker between two copies still counts as busy, so a queue of QUEUE could refuse
        // a copy that has its place; past the places nothing is handed off, and only a stopped pool refuses
        super(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(THREADS + QUEUE), threads(),
                new DiscardPolicy());
        this.store = store;
        this.clock = clock;
        allowCoreThreadTimeOut(true);
    }

    private static java.util.concurrent.ThreadFactory threads() {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "ceip-customer-copy-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The copies not handed off since the start (each left to the customer's replay). */
    public long left() {
        return left.get();
    }

    /**
     * Takes a place for a copy about to be handed off (let go when its task ends); false when the threads and the queue
     * are all taken: the copy is left to the customer's replay (counted, and said at most every few minutes).
     */
    public boolean reserve() {
        if (places.tryAcquire()) {
            return true;
        }
        leftToReplay();
        return false;
    }

    @Override
    protected void afterExecute(Runnable copy, Throwable failure) {
        places.release();
    }

    private void leftToReplay() {
        left.incrementAndGet();
        long count;
        synchronized (this) {
            leftSinceLine++;
            Instant now = clock.instant();
            if (lastLine != null && now.isBefore(lastLine.plus(Duration.ofMinutes(LOG_MINUTES)))) {
                return;
            }
            lastLine = now;
            count = leftSinceLine;
            leftSinceLine = 0;
        }
        LOG.warn("{} customer's cop{} not delivered now: the customer's endpoint is slow or hanging and {} copies are"
                + " already waiting for it; each is kept in {} and sent by the customer's replay (ceip-customer-replay;"
                + " the report cycle never waits for the customer; at most one such line every {} minutes)", count,
                count == 1 ? "y" : "ies", THREADS + QUEUE, store, LOG_MINUTES);
    }

    /**
     * Takes no more copies and waits at most {@code patience} for those handed off to end, their outcome recorded (a
     * one-shot {@code send} about to let its memory go: a copy still on its way would end in memory after that, and
     * with the process, unsaid); false when some are still running.
     */
    public boolean finish(Duration patience) throws InterruptedException {
        shutdown();
        return awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        shutdownNow();
    }
}
