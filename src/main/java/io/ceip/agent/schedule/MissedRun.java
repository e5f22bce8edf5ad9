package io.ceip.agent.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.quartz.CronExpression;

/**
 * Whether a start should send a report at once (the start-up report): when this installation has made none yet, or
 * when the schedule's run after its last report has passed (the agent was down at that time). A start within the
 * schedule's period of the last report sends nothing then, so a service restarted many times a day (an update, a
 * crash loop) does not send a report at each start.
 */
public final class MissedRun {

    /**
     * How early Quartz may run a fire: its scheduler thread stops waiting when the fire is 2 ms or less away
     * ({@code QuartzSchedulerThread}), so a scheduled report may be made, and its time kept, just before its fire time;
     * that fire is not a run the agent missed.
     */
    static final Duration EARLY = Duration.ofMillis(2);

    private MissedRun() {
    }

    /**
     * @param lastReport when the last report was made (ISO-8601), empty when none was; a value that is not a time
     *        counts as none
     * @param cron the effective cron (Quartz syntax, the JVM's time zone, as the schedule runs it)
     */
    public static boolean due(Optional<String> lastReport, String cron, Instant now) {
        try {
            Instant last = Instant.parse(lastReport.orElseThrow());
            Date next = new CronExpression(cron).getNextValidTimeAfter(Date.from(last.plus(EARLY)));
            return next == null || !next.toInstant().isAfter(now) || last.isAfter(now);
        } catch (RuntimeException | ParseException e) {
            return true;
        }
    }
}
