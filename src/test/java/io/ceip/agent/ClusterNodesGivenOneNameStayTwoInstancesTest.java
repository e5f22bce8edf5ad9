package io.ceip.agent;

import io.ceip.agent.support.AgentStarts;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two running nodes given one {@code ceip.cluster.node-id} (a configuration copied to a second machine) are two Quartz
 * instances (review s20 cluster M1): before, they shared one instance ID, so the second node's first check-in took the
 * first node's row for its own dead predecessor's and ran the first node's fire again at once.
 */
class ClusterNodesGivenOneNameStayTwoInstancesTest {

    @TempDir
    Path dir;

    @Test
    void eachNodeChecksInUnderItsOwnInstanceId() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        List<Main> nodes = new ArrayList<>();
        try {
            for (String copy : new String[] {"first", "second"}) {
                Main node = AgentStarts.agent(dir.resolve(copy), null, Map.of("ceip.cluster.enabled", "true",
                        "ceip.cluster.database.url", engine.url(), "ceip.cluster.database.user", engine.adminUser(),
                        "ceip.cluster.database.password", engine.adminPassword(), "ceip.cluster.node-id", "a",
                        "ceip.schedule.enabled", "true", "ceip.schedule.cron", "0 0 3 * * ?"));
                nodes.add(node);
                node.start();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> instances(engine).size() == 2);
            assertThat(instances(engine)).allMatch(id -> id.matches("a-[0-9a-f]{8}")).doesNotHaveDuplicates();
        } finally {
            for (Main node : nodes) {
                node.stop();
            }
        }
    }

    private static List<String> instances(ProductEngine engine) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = engine.admin(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT instance_name FROM ceip_qrtz_scheduler_state")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
