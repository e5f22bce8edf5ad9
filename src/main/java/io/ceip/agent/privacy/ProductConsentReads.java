package io.ceip.agent.privacy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The product's setting, read fresh for every decision, yet without asking the product's database once per caller:
 * every consent decision asks (each event request, each spool poll, each report and each replayed report).
 * <ul>
 * <li><b>Shared reads.</b> One read at a time. A caller takes the answer of the first read that <em>starts after it
 * asked</em> (never of one already under way, which may predate a change made in the product just before): while a
 * read is under way, everyone who asks meanwhile waits for it to end and then shares the one next read. A burst of
 * requests costs at most two queries, however many they are, and nobody gets an answer older than their question.</li>
 * <li><b>Failures.</b> After a read that failed, the setting is not asked again for {@value #FAILED_SECONDS} seconds: a
 * query that timed out is not waited for again at once, nor a database that is down asked a thousand times by one
 * replay. Meanwhile the failure stands (consent undecided: nothing collected or sent, nothing kept deleted), unless
 * an administrator changes consent ({@link #askAgain()}): then the product is asked at once.</li>
 * <li><b>Bounded waits.</b> A caller waits for other callers' reads at most the wait given at construction
 * (default {@value #DEFAULT_WAIT_SECONDS} s): then it stops waiting and its read fails with a
 * {@link TimeoutException} (consent undecided for that decision), so a read that hangs holds up no consent decision
 * for longer (replays, spool polls, event requests, the delivery's gate). The read under way is not stopped: it
 * ends at its own bounds (the query's statement and network timeouts).</li>
 * </ul>
 */
public final class ProductConsentReads implements ProductConsentSetting {

    /** How long after a failed read the setting is asked again, in seconds. */
    public static final int FAILED_SECONDS = 30;
    /** How long a caller waits for other callers' reads by default, in seconds. */
    public static final int DEFAULT_WAIT_SECONDS = 30;

    private final ProductConsentSetting setting;
    private final LongSupplier nanoTime;
    private final long waitNanos;
    /** When a failure stops standing, on {@link #nanoTime} (a wall clock stepped back must not hold it for hours). */
    private long askAgainAt;
    private boolean holding;
    /** Reads started and ended so far; whether one is under way; the last one's outcome (all guarded by this). */
    private long started;
    private long ended;
    private boolean reading;
    private Optional<ConsentLevel> answer = Optional.empty();
    private Exception failure;

    public ProductConsentReads(ProductConsentSetting setting) {
        this(setting, System::nanoTime);
    }

    /** @param nanoTime a monotonic time in nanoseconds ({@link System#nanoTime()}) */
    public ProductConsentReads(ProductConsentSetting setting, LongSupplier nanoTime) {
        this(setting, nanoTime, Duration.ofSeconds(DEFAULT_WAIT_SECONDS));
    }

    /**
     * @param nanoTime a monotonic time in nanoseconds ({@link System#nanoTime()})
     * @param wait the longest a caller waits for other callers' reads (at least 1 ms)
     */
    public ProductConsentReads(ProductConsentSetting setting, LongSupplier nanoTime, Duration wait) {
        this.setting = setting;
        this.nanoTime = nanoTime;
        this.waitNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), wait.toNanos());
    }

    /** The next read asks the product, even within {@value #FAILED_SECONDS} s of a failed one. */
    @Override
    public synchronized void askAgain() {
        holding = false;
    }

    /**
     * The product's setting, from a read that started after this call: its answer, or its failure (rethrown; a
     * failure is never mistaken for "no setting").
     *
     * @throws TimeoutException when other callers' reads held this one longer than its wait
     */
    @Override
    public Optional<ConsentLevel> read() throws Exception {
        long mine;
        synchronized (this) {
            mine = started + 1; // the first read to start from now on
            long waitUntil = nanoTime.getAsLong() + waitNanos;
            while (true) {
                if (ended >= mine) {
                    return outcome(); // a read that started after this call asked has ended: its outcome is fresh
                }
                if (holding && nanoTime.getAsLong() - askAgainAt < 0) {
                    throw failure;
                }
                if (!reading) {
                    break; // nobody is reading: this caller reads (read number mine), for everyone waiting
                }
                long left = waitUntil - nanoTime.getAsLong();
                if (left <= 0) {
                    throw new TimeoutException("the product's consent setting is being read by another caller for"
                            + " too long");
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
            reading = true;
            started = mine;
        }
        Optional<ConsentLevel> read = Optional.empty();
        Exception failed = null;
        try {
            read = setting.read();
        } catch (Exception e) {
            failed = e;
        } catch (Error e) { // a driver that cannot load: the waiters get it as a failure too, never as "no setting"
            failed = new IllegalStateException("the product's consent setting could not be read", e);
            throw e;
        } finally {
            synchronized (this) {
                reading = false;
                ended = mine;
                answer = read;
                failure = failed;
                holding = failed != null;
                askAgainAt = nanoTime.getAsLong() + TimeUnit.SECONDS.toNanos(FAILED_SECONDS);
                notifyAll();
            }
        }
        if (failed != null) {
            throw failed;
        }
        return read;
    }

    private Optional<ConsentLevel> outcome() throws Exception {
        if (failure != null) {
            throw failure;
        }
        return answer;
    }
}
