package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

import org.apache.camel.Endpoint;
import org.apache.camel.component.quartz.CamelJob;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzConstants;
import org.apache.camel.component.quartz.QuartzHelper;
import org.apache.camel.component.quartz.StatefulCamelJob;
import org.apache.camel.routepolicy.quartz.ScheduledJob;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster's job store is rows in a shared database: any account writing there can add a job or change the report's.
 * Camel's quartz job, for a job that is not a route's, looked up or created the Camel endpoint named by the URI in the
 * row's job data (here a {@code log:} endpoint, of any component and options) before the report's route could refuse
 * the fire; a job class changed in the report's row ran that class. Now Quartz makes a fire's job only when it is the
 * report's (ceip.report, camel-quartz's stateful job): any other fire is one WARN line naming the job, no endpoint
 * created, nothing collected, nothing sent.
 */
class ClusterJobNotTheReportsCreatesNothingTest extends AgentTestSupport {

    private static final ProductEngine CLUSTER = PostgresEngine.seeded();
    private static final String PLANTED = "log:planted-by-the-row?level=ERROR";

    @Override
    protected Properties overrides() {
        return clusterNode(CLUSTER, "node-a");
    }

    @Test
    void aJobOfAnotherGroupNamingAnEndpointCreatesNoEndpoint() throws Exception {
        Scheduler scheduler = context().getComponent("quartz", QuartzComponent.class).getScheduler();
        try (LogCapture log = LogCapture.attach()) {
            scheduler.scheduleJob(JobBuilder.newJob(CamelJob.class).withIdentity("planted\njob", "other")
                    .usingJobData(QuartzConstants.QUARTZ_CAMEL_CONTEXT_NAME, QuartzHelper.getQuartzContextName(
                            context()))
                    .usingJobData(QuartzConstants.QUARTZ_ENDPOINT_URI, PLANTED).build(),
                    TriggerBuilder.newTrigger().withIdentity("planted", "other")
                            .startAt(new Date(System.currentTimeMillis() + 500)).build());
            await().atMost(Duration.ofSeconds(30)).until(() -> log.shown().contains("not run") || planted());
            assertThat(planted()).as("an endpoint of the row's URI").isFalse();
            assertThat(log.shown()).contains("io.ceip.agent.schedule.OwnJob Scheduled report: the fire of job"
                    + " other.planted\\njob (trigger other.planted) in the cluster database is refused: it is not the"
                    + " report's job ceip.report; not run, nothing created")
                    .doesNotContain("planted-by-the-row", "QuartzEndpoint", "fire time", "\tat ");
        }
        assertThat(server().received()).as("nothing sent").isEmpty();
    }

    /** A planted trigger firing again and again: its refusal is one WARN line, not one a fire (a flood of the log). */
    @Test
    void aPlantedJobFiringAgainAndAgainIsSaidOnce() throws Exception {
        Scheduler scheduler = context().getComponent("quartz", QuartzComponent.class).getScheduler();
        TriggerKey trigger = TriggerKey.triggerKey("flood", "other");
        try (LogCapture log = LogCapture.attach()) {
            scheduler.scheduleJob(JobBuilder.newJob(CamelJob.class).withIdentity("flood", "other")
                    .usingJobData(QuartzConstants.QUARTZ_ENDPOINT_URI, PLANTED).build(),
                    TriggerBuilder.newTrigger().withIdentity(trigger).startAt(new Date(System.currentTimeMillis()
                            + 200)).withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(300)
                            .withRepeatCount(4)).build());
            // five fires, then the trigger is done and gone from the cluster's tables
            await().atMost(Duration.ofSeconds(60)).until(() -> scheduler.getTrigger(trigger) == null);
            assertThat(log.shown().lines().filter(line -> line.contains("other.flood (trigger other.flood)")))
                    .singleElement().asString().contains("is refused: it is not the report's job ceip.report");
        }
        assertThat(planted()).isFalse();
    }

    @Test
    void theReportsJobChangedInTheDatabaseToAnotherClassIsNotRun() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            try (Connection admin = CLUSTER.admin(); PreparedStatement job = admin.prepareStatement(
                    "UPDATE ceip_qrtz_job_details SET job_class_name = ? WHERE job_group = 'ceip'"
                            + " AND job_name = 'report'");
                    PreparedStatement next = admin.prepareStatement("UPDATE ceip_qrtz_triggers SET next_fire_time = ?"
                            + " WHERE trigger_group = 'ceip' AND trigger_name = 'report'")) {
                job.setString(1, ScheduledJob.class.getName());
                assertThat(job.executeUpdate()).isEqualTo(1);
                next.setLong(1, System.currentTimeMillis() + 500);
                assertThat(next.executeUpdate()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(60)).until(() -> log.shown().contains("not run")
                        || log.shown().contains("ScheduledJob"));
                job.setString(1, StatefulCamelJob.class.getName());
                assertThat(job.executeUpdate()).isEqualTo(1);
            }
            assertThat(log.shown()).contains("io.ceip.agent.schedule.OwnJob Scheduled report: the fire of job"
                    + " ceip.report (trigger ceip.report) in the cluster database is refused: its class "
                    + ScheduledJob.class.getName() + " is not the report's " + StatefulCamelJob.class.getName()
                    + "; not run, nothing created").doesNotContain("fire time", "collected", "\tat ");
        }
        assertThat(server().received()).as("nothing sent").isEmpty();
    }

    private boolean planted() {
        return context().getEndpoints().stream().map(Endpoint::getEndpointUri).anyMatch(uri -> uri.contains("planted"));
    }
}
