package io.ceip.agent;

import io.ceip.agent.schedule.ReportedFires;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;
import io.ceip.agent.support.QuartzRecovery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster's fire is reported once (review s20 cluster H1). Quartz runs a fire again, with its scheduled time, on the
 * node that takes over from one it takes for dead (recoverableJob: killed, or paused or cut off from the cluster
 * database past its check-in while it still delivers); before, that second run made a second report of the day with
 * a new report ID, after the first had moved the shared feature window. Here the report job of a real PostgreSQL job
 * store runs a second time for the same scheduled fire time, as Quartz's recovery runs it (trigger group
 * {@code RECOVERING_JOBS}; every fire here is such a recovery, the only fire of a trigger other than the report's own
 * that the agent runs): one WARN line, nothing collected, nothing sent; a later fire is reported as usual.
 */
class ClusterFireRunAgainIsNotReportedTwiceTest extends AgentTestSupport {

    private static final ProductEngine CLUSTER = PostgresEngine.seeded();

    @Override
    protected Properties overrides() {
        return clusterNode(CLUSTER, "node-a");
    }

    @Test
    void aFireRunAgainAfterItsReportWasCommittedSendsNothing() throws Exception {
        Scheduler scheduler = context().getComponent("quartz", QuartzComponent.class).getScheduler();
        Date fire = new Date((System.currentTimeMillis() / 1000 + 2) * 1000);
        scheduler.scheduleJob(QuartzRecovery.of("node-b_1", fire));
        await().atMost(Duration.ofSeconds(30)).until(() -> server().received().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastReportedFire().startsWith(fire.getTime() + "/"));

        try (LogCapture log = LogCapture.attach()) {
            scheduler.scheduleJob(QuartzRecovery.of("node-a_1", fire));
            await().atMost(Duration.ofSeconds(30)).until(() -> log.shown().contains("was reported already"));
            assertThat(log.shown()).contains("Scheduled report: the fire of ").doesNotContain("collected");
        }
        assertThat(server().received()).as("the fire run again sends nothing").hasSize(1);

        Date later = new Date(System.currentTimeMillis() + 1000);
        scheduler.scheduleJob(QuartzRecovery.of("node-b_2", later));
        await().atMost(Duration.ofSeconds(30)).until(() -> server().received().size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastReportedFire().startsWith(later.getTime() + "/"));
    }

    private static String lastReportedFire() throws Exception {
        try (Connection connection = CLUSTER.admin(); PreparedStatement query = connection.prepareStatement(
                "SELECT state_value FROM ceip_state WHERE state_name = ?")) {
            query.setString(1, ReportedFires.NAME);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1).trim() : "";
            }
        }
    }
}
