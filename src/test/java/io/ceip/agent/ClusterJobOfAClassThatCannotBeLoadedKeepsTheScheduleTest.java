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

import org.apache.camel.component.quartz.CamelJob;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.StatefulCamelJob;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.TriggerBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job row of the cluster's job store whose class cannot be loaded as a job failed inside Quartz's job store, before
 * the agent's job factory ({@code OwnJob}): an ERROR with a stack trace, and the row's trigger set to ERROR for good;
 * for the report's own row that was the end of the cluster's schedule. Now each such fire is one WARN line naming the
 * row, not run, the triggers stay in their normal state, and once the report's row is right again it fires and sends.
 */
class ClusterJobOfAClassThatCannotBeLoadedKeepsTheScheduleTest extends AgentTestSupport {

    private static final ProductEngine CLUSTER = PostgresEngine.seeded();

    @Override
    protected Properties overrides() {
        return clusterNode(CLUSTER, "node-a");
    }

    @Test
    void aRowOfAMissingClassOrOfAClassThatIsNoJobIsOneLineAndTheReportFiresOn() throws Exception {
        context().getComponent("quartz", QuartzComponent.class).getScheduler().scheduleJob(
                JobBuilder.newJob(CamelJob.class).withIdentity("planted", "other").build(),
                TriggerBuilder.newTrigger().withIdentity("planted", "other")
                        .startAt(new Date(System.currentTimeMillis() + 3_600_000)).build());
        try (LogCapture log = LogCapture.attach()) {
            try (Connection admin = CLUSTER.admin()) {
                setJobClass(admin, "ceip", "com.example.No\nSuchJob");
                setJobClass(admin, "other", String.class.getName());
                fireSoon(admin, "ceip");
                fireSoon(admin, "other");
                await().atMost(Duration.ofSeconds(90)).until(() -> log.shown().split("refused", -1).length == 3);
                assertThat(CLUSTER.queryLong("SELECT COUNT(*) FROM ceip_qrtz_triggers WHERE trigger_state = 'ERROR'"))
                        .as("triggers Quartz gave up").isZero();
                setJobClass(admin, "ceip", StatefulCamelJob.class.getName());
                fireSoon(admin, "ceip");
                await().atMost(Duration.ofSeconds(90)).until(() -> server().received().size() == 1);
            }
            assertThat(log.shown()).contains("io.ceip.agent.schedule.OwnJob Scheduled report: the fire of job"
                    + " ceip.report (trigger ceip.report) in the cluster database is refused: its class"
                    + " com.example.No\\nSuchJob cannot be loaded as a job (the report's is "
                    + StatefulCamelJob.class.getName() + "); not run, nothing created",
                    "io.ceip.agent.schedule.OwnJob Scheduled report: the fire of job other.planted (trigger"
                    + " other.planted) in the cluster database is refused: its class java.lang.String cannot be"
                    + " loaded as a job; not run, nothing created", "ceip-schedule Scheduled report: fire time")
                    .doesNotContain("\tat ", "JobPersistenceException", "trigger state to ERROR");
        }
    }

    private static void setJobClass(Connection admin, String group, String jobClass) throws Exception {
        try (PreparedStatement job = admin.prepareStatement(
                "UPDATE ceip_qrtz_job_details SET job_class_name = ? WHERE job_group = ?")) {
            job.setString(1, jobClass);
            job.setString(2, group);
            assertThat(job.executeUpdate()).isEqualTo(1);
        }
    }

    private static void fireSoon(Connection admin, String group) throws Exception {
        try (PreparedStatement next = admin.prepareStatement(
                "UPDATE ceip_qrtz_triggers SET next_fire_time = ? WHERE trigger_group = ?")) {
            next.setLong(1, System.currentTimeMillis() + 500);
            next.setString(2, group);
            assertThat(next.executeUpdate()).isEqualTo(1);
        }
    }
}
