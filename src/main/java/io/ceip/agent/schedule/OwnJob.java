package io.ceip.agent.schedule;

import io.ceip.agent.util.OneLine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.quartz.Job;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.simpl.SimpleJobFactory;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's Quartz job factory: it makes the job of a fire only when that job is the report's own. A cluster's job
 * store is rows in a shared database that any account writing there may add to or change: Quartz runs every job of
 * the scheduler's name it finds, and Camel's quartz job, for a job that is not a route's, looks up or creates the
 * Camel endpoint named by the URI in the row's job data (any component, any options) before the report's route could
 * refuse the fire ({@link OwnTrigger}); a job class changed in the row would run that class instead. So a fire's job
 * is made only when its key is the report's ({@code group}/{@code name}, as Camel's quartz component names the job
 * after its trigger) and its class the report's ({@code jobClass}); any other fire is one WARN line naming the job
 * (hostile text, cut and escaped; once for each job and reason: a planted trigger firing every second is not a line
 * a second) and runs a job that does nothing: no endpoint, no exchange, no class of the row's
 * instantiated. The fire then completes as any other (a trigger of the row fires again, and is refused again). The
 * report's job is made as Quartz's {@link SimpleJobFactory} makes it (no property of the row's job data set on it).
 * Unset (Quartz made it without its properties), it refuses every job.
 */
public final class OwnJob implements JobFactory {

    /** Quartz's prefix of a job factory's class and properties. */
    static final String PREFIX = "org.quartz.scheduler.jobFactory";
    private static final Logger LOG = LoggerFactory.getLogger(OwnJob.class);
    private static final int SHOWN = 120;
    private static final int SAID = 256;
    private static final Job NOTHING = context -> {
    };

    /**
     * The job data key under which {@link ClusterJdbcDelegate} keeps the class name of a job row whose class cannot be
     * loaded as a job; that row's job class is then {@link Unloadable}.
     */
    static final String ROW_CLASS = "ceip.unloadable-job-class";

    private final SimpleJobFactory jobs = new SimpleJobFactory();
    /** The refusals said at WARN, once each (the latest {@value #SAID}; past them, an older one is said again). */
    private final Map<String, Boolean> said = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SAID;
        }
    });
    private String group;
    private String name;
    private String jobClass;

    /**
     * The Quartz properties that make this the scheduler's job factory, for the report's job {@code group}/{@code name}
     * of class {@code jobClass}.
     */
    public static Map<String, Object> properties(String group, String name, Class<? extends Job> jobClass) {
        return Map.of(PREFIX + ".class", OwnJob.class.getName(), PREFIX + ".group", group, PREFIX + ".name", name,
                PREFIX + ".jobClass", jobClass.getName());
    }

    /** Quartz property {@code org.quartz.scheduler.jobFactory.group}: the report job's group. */
    public void setGroup(String group) {
        this.group = group;
    }

    /** Quartz property {@code org.quartz.scheduler.jobFactory.name}: the report job's name. */
    public void setName(String name) {
        this.name = name;
    }

    /** Quartz property {@code org.quartz.scheduler.jobFactory.jobClass}: the report job's class. */
    public void setJobClass(String jobClass) {
        this.jobClass = jobClass;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        JobDetail job = bundle.getJobDetail();
        boolean own = group != null && name != null && new JobKey(name, group).equals(job.getKey());
        if (own && job.getJobClass().getName().equals(jobClass)) {
            return jobs.newJob(bundle, scheduler);
        }
        String unloadable = job.getJobClass() != Unloadable.class ? null : "its class " + OneLine.of(String.valueOf(
                job.getJobDataMap().getOrDefault(ROW_CLASS, Unloadable.class.getName())), SHOWN)
                + " cannot be loaded as a job";
        String line = "Scheduled report: the fire of job " + shown(job.getKey()) + " (trigger "
                + shown(bundle.getTrigger().getKey()) + ") in the cluster database is refused: " + (unloadable != null
                ? unloadable + (own ? " (the report's is " + jobClass + ")" : "") : own
                ? "its class " + OneLine.of(job.getJobClass().getName(), SHOWN) + " is not the report's " + jobClass
                : "it is not the report's job " + group + "." + name) + "; not run, nothing created";
        if (said.put(line, Boolean.TRUE) == null) {
            LOG.warn(line);
        } else {
            LOG.debug("{} (again)", line); // a row's trigger firing every second said it once, not every second
        }
        return NOTHING;
    }

    /** What a job row's class that cannot be loaded as a job is read as ({@link JobClasses}): never run. */
    public static final class Unloadable implements Job {
        @Override
        public void execute(org.quartz.JobExecutionContext context) {
            throw new IllegalStateException("a job row's class that cannot be loaded is never run");
        }
    }

    private static String shown(Object key) {
        return OneLine.of(String.valueOf(key), SHOWN);
    }
}
