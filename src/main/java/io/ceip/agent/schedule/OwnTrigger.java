package io.ceip.agent.schedule;

import io.ceip.agent.util.OneLine;

import java.time.Clock;

import org.quartz.CronTrigger;
import org.quartz.JobDataMap;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * Whether a fire Quartz hands the report's route is one of the report's trigger. A cluster's job store is rows in a
 * shared database that any account writing there may add to or change: Quartz fires every trigger of the scheduler's
 * name it finds, of any group, for the report's job too. Only two are the agent's: the report's cron trigger
 * ({@code group}/{@code name}), when its cron fires no more often than the frequency check allows (a stored cron
 * changed to every second would otherwise query the product database and send every second), and Quartz's recovery
 * of one of its fires (group {@value Scheduler#DEFAULT_RECOVERY_GROUP}, fired once, naming the report's trigger as
 * the one it recovers). Any other is refused in one line and not run.
 */
public final class OwnTrigger {

    private static final int SHOWN = 120;

    private final TriggerKey own;
    private final boolean allowFrequent;
    private final Clock clock;

    /**
     * @param allowFrequent {@code ceip.schedule.allow-frequent}: a cron firing more often than once an hour is then
     *        the agent's
     */
    public OwnTrigger(String group, String name, boolean allowFrequent, Clock clock) {
        this.own = new TriggerKey(name, group);
        this.allowFrequent = allowFrequent;
        this.clock = clock;
    }

    /**
     * Why the fire of {@code trigger} is not run, naming the trigger (one line: its names and cron, hostile text, cut
     * and escaped), or empty when it is run (null: not a fire of Quartz's).
     */
    public String refusal(Trigger trigger) {
        String why = trigger == null ? "" : why(trigger);
        return why.isEmpty() ? "" : "the fire of trigger " + OneLine.of(String.valueOf(trigger.getKey()), SHOWN)
                + " is refused: " + why;
    }

    private String why(Trigger trigger) {
        TriggerKey key = trigger.getKey();
        if (own.equals(key)) {
            if (trigger instanceof CronTrigger cron) {
                return allowFrequent ? "" : ScheduleFrequency.tooFrequent(cron.getCronExpression(), clock.instant())
                        .map(gap -> "its cron '" + OneLine.of(cron.getCronExpression(), SHOWN) + "' (in the cluster"
                                + " database) fires " + gap.toSeconds() + " s apart, more often than once an hour"
                                + " (ceip.schedule.allow-frequent=false)").orElse("");
            }
            return "it is no cron trigger";
        }
        if (Scheduler.DEFAULT_RECOVERY_GROUP.equals(key.getGroup()) && trigger instanceof SimpleTrigger once
                && once.getRepeatCount() == 0 && recovers(trigger.getJobDataMap())) {
            return "";
        }
        return "it is not the report's trigger " + own + " nor Quartz's recovery of one of its fires";
    }

    private boolean recovers(JobDataMap data) {
        return own.getName().equals(data.get(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME))
                && own.getGroup().equals(data.get(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP));
    }
}
