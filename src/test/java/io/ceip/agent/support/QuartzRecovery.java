package io.ceip.agent.support;

import java.util.Date;

import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/** A fire of the report's job as Quartz's cluster recovery makes it (JobStoreSupport.clusterRecover). */
public final class QuartzRecovery {

    private QuartzRecovery() {
    }

    /** Quartz's recovery trigger {@code recover_<name>} of the report trigger's fire scheduled at {@code fire}. */
    public static Trigger of(String name, Date fire) {
        return TriggerBuilder.newTrigger().withIdentity("recover_" + name, Scheduler.DEFAULT_RECOVERY_GROUP)
                .forJob(new JobKey("report", "ceip"))
                .usingJobData(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME, "report")
                .usingJobData(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP, "ceip").startAt(fire).build();
    }
}
