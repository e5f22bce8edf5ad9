package io.ceip.agent;

import io.ceip.agent.schedule.ReportedFires;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;
import io.ceip.agent.support.QuartzRecovery;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;

import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes running one fire at once (the first paused past its check-in within its collection, and the node that
 * took over ran it again: Quartz's recovery, as each fire here is made) both reported it: the fire was only checked
 * when it began, and each node's report went out
 * with a report ID of its own. Now a fire is taken in the cluster's shared table just before its report is committed:
 * here this node's collection is held by a table lock while the other node's report of the same fire is committed
 * (its claim written to CEIP_STATE as that node writes it); when the lock goes, this node's report is dropped with
 * one WARN line — nothing stored, nothing sent, its window left for the next report — and a later fire is reported.
 */
class ClusterFireRunByTwoNodesAtOnceIsReportedOnceTest extends AgentTestSupport {

    private static final ProductEngine CLUSTER = PostgresEngine.seeded();

    @Override
    protected Properties overrides() {
        return onEngine(CLUSTER, "ceip.cluster.enabled", "true", "ceip.cluster.database.url", CLUSTER.url(),
                "ceip.cluster.database.user", CLUSTER.adminUser(),
                "ceip.cluster.database.password", CLUSTER.adminPassword(), "ceip.cluster.node-id", "node-a",
                "ceip.schedule.enabled", "true", "ceip.schedule.cron", "0 0 3 * * ?",
                "ceip.collect.queries-file", "src/test/resources/queries/locked-table.yaml");
    }

    @Test
    void theSecondNodeToCommitAFireDropsItsReport() throws Exception {
        Scheduler scheduler = context().getComponent("quartz", QuartzComponent.class).getScheduler();
        Date fire = new Date((System.currentTimeMillis() / 1000 + 3) * 1000);
        try (LogCapture log = LogCapture.attach(); Connection admin = CLUSTER.admin()) {
            admin.setAutoCommit(false);
            try (Statement lock = admin.createStatement()) {
                lock.execute("LOCK TABLE host IN ACCESS EXCLUSIVE MODE");
            }
            scheduler.scheduleJob(QuartzRecovery.of("node-b_1", fire));
            await().atMost(Duration.ofSeconds(30)).until(() -> CLUSTER.runningStatementsContaining("FROM host") == 1);
            otherNodeCommitted(fire);
            admin.rollback(); // this node's collection goes on

            await().atMost(Duration.ofSeconds(30)).until(() -> log.shown().contains("was reported by another node"
                    + " meanwhile"));
            assertThat(log.shown()).contains("this node's report is dropped").doesNotContain("\tat ");
        }
        assertThat(server().received()).as("the fire another node reported is not sent again").isEmpty();
        java.nio.file.Path store = dataDirectory().resolve("dead-letter");
        try (var kept = Files.isDirectory(store) ? Files.list(store) : java.util.stream.Stream.<java.nio.file.Path>empty()) {
            assertThat(kept.filter(f -> f.toString().endsWith(".json.gz"))).as("nor stored").isEmpty();
        }

        Date later = new Date(System.currentTimeMillis() + 1000);
        scheduler.scheduleJob(QuartzRecovery.of("node-b_2", later));
        await().atMost(Duration.ofSeconds(30)).until(() -> server().received().size() == 1);
    }

    /** What the other node's claim of {@code fire} leaves in the shared table. */
    private static void otherNodeCommitted(Date fire) throws Exception {
        try (Connection other = CLUSTER.admin(); PreparedStatement claim = other.prepareStatement(
                "INSERT INTO ceip_state (state_name, state_value) VALUES (?, ?) ON CONFLICT (state_name)"
                        + " DO UPDATE SET state_value = EXCLUDED.state_value")) {
            claim.setString(1, ReportedFires.NAME);
            claim.setString(2, fire.getTime() + "/" + UUID.randomUUID());
            claim.executeUpdate();
        }
    }
}
