package io.ceip.agent.report;

import io.ceip.agent.files.FileLocks;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * <p>
 * Across processes too ({@code ceip-agent send} or {@code export} beside the running agent, which read and advance the
 * same feature window in the data directory): the turn also holds an exclusive lock on {@code report.lock} there,
 * taken after this process's turn and within the same patience (a report waiting for another process's says so in one
 * WARN line: a command's stderr shows it). A lock file that cannot be opened (a link, a directory) or locked is said
 * in one WARN line, and the report is then kept from this process's other reports only.
 */
public final class OneReportAtATime {

    private static final Logger LOG = LoggerFactory.getLogger(OneReportAtATime.class);

    /** The lock file's name in the data directory. */
    public static final String LOCK_FILE = "report.lock";
    /** How often a report waiting for another process's looks again. */
    private static final long POLL_MILLIS = 50;

    private final Semaphore turn = new Semaphore(1, true);
    private final Duration patience;
    private final Clock clock;
    private final Path lockFile;
    private volatile String holder;
    private volatile Instant since;

    /** One report at a time in this process only (tests of a single process). */
    public OneReportAtATime(Duration patience, Clock clock) {
        this(patience, clock, null);
    }

    /** @param dataDirectory where {@value #LOCK_FILE} keeps reports of other processes out, or null: none */
    public OneReportAtATime(Duration patience, Clock clock, Path dataDirectory) {
        this.patience = patience;
        this.clock = clock;
        this.lockFile = dataDirectory == null ? null : dataDirectory.resolve(LOCK_FILE);
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
        FileLock acrossProcesses;
        try {
            acrossProcesses = lockFile == null ? null : lockAcrossProcesses(reportId);
        } catch (RuntimeException e) {
            turn.release();
            throw e;
        }
        holder = reportId;
        since = clock.instant();
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                FileLocks.close(acrossProcesses == null ? null : acrossProcesses.channel());
                turn.release();
            }
        };
    }

    /** The lock of {@link #LOCK_FILE}, waited for within the patience; null when the file cannot be locked at all. */
    private FileLock lockAcrossProcesses(String reportId) {
        FileChannel channel = null;
        try {
            OwnerOnlyFiles.createDirectories(lockFile.toAbsolutePath().getParent());
            channel = OwnerOnlyFiles.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + patience.toNanos();
            for (boolean said = false; ; said = true) {
                FileLock lock = FileLocks.tryLock(channel);
                if (lock != null) {
                    return lock;
                }
                if (!said) {
                    LOG.warn("Report {} waits for another process's report (ceip-agent send or export, or the running"
                            + " agent) to be collected: one report is collected at a time", reportId);
                }
                if (System.nanoTime() > deadline) {
                    throw new AnotherReportCollectingException("another process's report has held "
                            + OwnerOnlyFiles.shown(lockFile) + " for " + patience + " (one report is collected at a"
                            + " time)");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException e) {
            FileLocks.close(channel);
            LOG.warn("Report {}: {} cannot be locked ({}); this report is kept from this process's other reports"
                    + " only", reportId, OwnerOnlyFiles.shown(lockFile), e.getClass().getSimpleName());
            return null;
        } catch (InterruptedException e) {
            FileLocks.close(channel);
            Thread.currentThread().interrupt();
            throw new AnotherReportCollectingException("stopped while waiting for another process's report");
        } catch (RuntimeException e) {
            FileLocks.close(channel);
            throw e;
        }
    }
}
