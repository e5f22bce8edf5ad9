package io.ceip.agent.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One report at a time takes the windows: from its start ({@link ReportSteps#start}) to its commit (or the end of its
 * cycle when it is not stored: not valid, too big, failed), no other report starts. Two reports built at once (a JMX
 * {@code sendNow} or {@code exportReport} during the start-up or a scheduled cycle) would otherwise both carry the
 * same feature window and the same events, counted twice at the collector. The turn is released at the commit, so a
 * report waits for another's collection (bounded by {@code ceip.collect.budget}), never for its delivery and retries.
 * <p>
 * A report that finds the turn taken waits, in arrival order, and says so in one line; past {@code patience} (the
 * collection budget, the database's login timeout and a minute, by default) it is not made: a
 * {@link AnotherReportCollectingException} names the report that holds the turn and since when. Previews take no
 * turn: they change no window.
 */
public final class OneReportAtATime {

    private static final Logger LOG = LoggerFactory.getLogger(OneReportAtATime.class);

    private final Semaphore turn = new Semaphore(1, true);
    private final Duration patience;
    private final Clock clock;
    private volatile String holder;
    private volatile Instant since;

    public OneReportAtATime(Duration patience, Clock clock) {
        this.patience = patience;
        this.clock = clock;
    }

    /**
     * Takes the turn for report {@code reportId}, waiting for the report that holds it; answers what gives it back,
     * once however often it runs.
     *
     * @throws AnotherReportCollectingException when the turn is not given back within the patience
     */
    public Runnable take(String reportId) {
        try {
            if (!turn.tryAcquire()) {
                String other = holder;
                LOG.info("Report {} waits for report {} (collected since {}): one report is collected at a time",
                        reportId, other, since);
                if (!turn.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AnotherReportCollectingException("report " + holder + ", collected since " + since
                            + ", has not ended after " + patience + " (one report is collected at a time)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnotherReportCollectingException("stopped while waiting for report " + holder
                    + " to be collected");
        }
        holder = reportId;
        since = clock.instant();
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                turn.release();
            }
        };
    }
}
