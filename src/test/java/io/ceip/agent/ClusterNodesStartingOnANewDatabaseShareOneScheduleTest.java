package io.ceip.agent;

import io.ceip.agent.support.AgentStarts;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes of a new cluster (no report made yet) on a real PostgreSQL (review s19 F7: each node derived the offset from
 * an installation ID of its own, made in memory, and the last to start silently moved the cluster's schedule): every
 * node computes the same effective cron, from the one seed stored in the shared table at the first start (no
 * installation ID is stored before the first report), and a node started with another {@code ceip.schedule.cron} says in one WARN line that it replaces the stored one.
 */
class ClusterNodesStartingOnANewDatabaseShareOneScheduleTest {

    @TempDir
    Path dir;

    @Test
    void everyNodeComputesTheSameCronAndANodeThatChangesItSaysSo() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        String first = startAndStop(engine, "a", "0 0 3 * * ?");
        String second = startAndStop(engine, "b", "0 0 3 * * ?");
        assertThat(second).as("the same offset on every node").isEqualTo(first);
        try (Connection connection = engine.admin(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT state_name FROM ceip_state")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).as("a seed, and no installation ID before the first report")
                    .isEqualTo("schedule-offset-seed");
            assertThat(rows.next()).isFalse();
        }
        try (Connection connection = engine.admin(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT requests_recovery FROM ceip_qrtz_job_details")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean(1)).as("a fire whose node dies is run again by another (recoverableJob)")
                    .isTrue();
        }

        try (LogCapture log = LogCapture.attach()) {
            String changed = startAndStop(engine, "c", "0 0 4 * * ?");
            assertThat(log.shown()).contains("The cluster's schedule '" + first + "' (stored in CEIP_QRTZ_CRON_TRIGGERS)"
                    + " is replaced by this node's '" + changed + "': set the same ceip.schedule.cron on every node");
        }
    }

    private String startAndStop(ProductEngine engine, String node, String cron) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("ceip.cluster.enabled", "true",
                "ceip.cluster.database.url", engine.url(), "ceip.cluster.database.user", engine.adminUser(),
                "ceip.cluster.database.password", engine.adminPassword(), "ceip.cluster.node-id", node,
                "ceip.schedule.enabled", "true", "ceip.schedule.cron", cron));
        Main main = AgentStarts.agent(dir.resolve(node), null, settings);
        try {
            main.start();
            return main.getCamelContext().getPropertiesComponent().resolveProperty("ceip.schedule.effective-cron")
                    .orElseThrow();
        } finally {
            main.stop();
        }
    }
}
