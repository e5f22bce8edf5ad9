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

import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster's job store is rows in a shared database: any account writing there can add a trigger or change the
 * report's. Quartz fires every trigger of the scheduler's name, of any group, and each fire of the report's job made a
 * report (queries on the product database, a report sent), a trigger firing every second one every second, past the
 * frequency check made at start. Now a fire is run only when it is the report's own trigger with a cron the frequency
 * check allows, or Quartz's recovery of one of its fires: any other is one WARN line naming it, nothing collected,
 * nothing sent.
 */
class ClusterFireOfATriggerNotTheReportsIsNotRunTest extends AgentTestSupport {

    private static final ProductEngine CLUSTER = PostgresEngine.seeded();

    @Override
    protected Properties overrides() {
        return clusterNode(CLUSTER, "node-a");
    }

    @Test
    void aTriggerOfAnotherGroupForTheReportsJobIsRefused() throws Exception {
        Scheduler scheduler = context().getComponent("quartz", QuartzComponent.class).getScheduler();
        try (LogCapture log = LogCapture.attach()) {
            scheduler.scheduleJob(TriggerBuilder.newTrigger().withIdentity("every\nsecond", "other")
                    .forJob(new JobKey("report", "ceip")).startAt(new Date(System.currentTimeMillis() + 500)).build());
            await().atMost(Duration.ofSeconds(30)).until(() -> log.shown().contains("not run"));
            assertThat(log.shown()).contains("ceip-schedule Scheduled report: the fire of trigger"
                    + " other.every\\nsecond is refused: it is not the report's trigger ceip.report nor Quartz's recovery"
                    + " of one of its fires; not run")
                    .doesNotContain("fire time", "collected", "\tat ");
        }
        assertThat(server().received()).as("nothing sent").isEmpty();
    }

    @Test
    void theReportsTriggerChangedInTheDatabaseToFireEverySecondIsRefused() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            try (Connection admin = CLUSTER.admin(); PreparedStatement cron = admin.prepareStatement(
                    "UPDATE ceip_qrtz_cron_triggers SET cron_expression = '* * * * * ?' WHERE trigger_group = 'ceip'"
                            + " AND trigger_name = 'report'");
                    PreparedStatement next = admin.prepareStatement("UPDATE ceip_qrtz_triggers SET next_fire_time = ?"
                            + " WHERE trigger_group = 'ceip' AND trigger_name = 'report'")) {
                assertThat(cron.executeUpdate()).isEqualTo(1);
                next.setLong(1, System.currentTimeMillis() + 500);
                assertThat(next.executeUpdate()).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> log.shown().contains("not run"));
            assertThat(log.shown()).contains("ceip-schedule Scheduled report: the fire of trigger ceip.report is"
                    + " refused: its cron '* * * * * ?' (in the cluster database) fires 1 s apart, more often than once"
                    + " an hour").doesNotContain("fire time", "collected");
        }
        assertThat(server().received()).as("nothing sent").isEmpty();
    }
}
