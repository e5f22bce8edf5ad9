package io.ceip.agent.schedule;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether the start-up report is due ({@link MissedRun#due}), decided at start and again when its timer fires
 * ({@code ceip.schedule.initial-delay} later, up to a day): a report made in between (a scheduled fire the start was
 * just before, a sendNow) is the report the start was owed, and the start-up report is not sent as well.
 */
public final class StartupReport {

    private final Supplier<Optional<String>> lastReport;
    private final String cron;
    private final Clock clock;

    /**
     * @param lastReport reads when the last report was made (ISO-8601), empty when none was
     * @param cron the effective cron
     */
    public StartupReport(Supplier<Optional<String>> lastReport, String cron, Clock clock) {
        this.lastReport = lastReport;
        this.cron = cron;
        this.clock = clock;
    }

    /** Whether a report is due now: none was made yet, or the schedule's run after the last one has passed. */
    public boolean due() {
        return MissedRun.due(lastReport.get(), cron, clock.instant());
    }
}
