package io.ceip.agent;

import io.ceip.agent.support.AgentStarts;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code ceip.cluster.node-id} that Quartz's tables cannot hold (its instance names are at most 190 characters on
 * MySQL, 200 on PostgreSQL; the start adds 9) stops the start in one line naming the setting: before, the node started,
 * every check-in and trigger acquisition failed on the shared database (SQLSTATE 22001), the log said the cluster
 * database "does not answer", and the node never fired (a cluster of copied configurations never reported).
 */
class ClusterNodeIdTooLongRefusedTest {

    @TempDir
    Path dir;

    @Test
    void aNodeIdTooLongForTheJobStoreStopsTheStartInOneLine() {
        assertRefused("n".repeat(200), "ceip.cluster.node-id is 200 characters long: at most 181 (the job store keeps"
                + " it with a suffix of 9 in 190)");
    }

    private void assertRefused(String nodeId, String line) {
        ProductEngine engine = PostgresEngine.seeded();
        AgentStarts.assertStartStopsSaying(AgentStarts.agent(dir, null, Map.of("ceip.cluster.enabled", "true",
                "ceip.cluster.database.url", engine.url(), "ceip.cluster.database.user", engine.adminUser(),
                "ceip.cluster.database.password", engine.adminPassword(), "ceip.cluster.node-id", nodeId,
                "ceip.schedule.enabled", "true", "ceip.schedule.cron", "0 0 3 * * ?")), line);
    }
}
