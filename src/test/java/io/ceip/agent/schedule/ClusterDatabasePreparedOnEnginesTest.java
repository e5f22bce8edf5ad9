package io.ceip.agent.schedule;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.support.H2Engine;
import io.ceip.agent.support.MariaDbEngine;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared database of a cluster, on the real engines: Quartz's own script creates its eleven tables under the
 * agent's prefix when three nodes start at once, a second start changes nothing, the state table gives every node
 * the value the first one stored, and an engine clustering cannot use is refused naming the setting.
 */
class ClusterDatabasePreparedOnEnginesTest {

    static Stream<Arguments> engines() {
        return Stream.of(
                Arguments.of("postgresql", (Supplier<ProductEngine>) PostgresEngine::seeded,
                        ClusterJdbcDelegate.class.getName()),
                Arguments.of("mariadb", (Supplier<ProductEngine>) MariaDbEngine::seeded,
                        ClusterJdbcDelegate.class.getName()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void threeNodesStartingAtOnceGetOneSetOfTablesAndOneValue(String vendor, Supplier<ProductEngine> seed,
            String delegate) throws Exception {
        ProductEngine engine = seed.get();
        // the administrator account: the kind of account a cluster's shared database is set up with
        DataSource shared = new DriverManagerDataSource(engine.url(), engine.adminUser(), engine.adminPassword(), 5);

        List<Callable<String>> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String value = "value-of-node-" + i;
            nodes.add(() -> {
                Map<String, Object> properties = QuartzCluster.prepare(shared, "node", Duration.ofSeconds(5));
                assertThat(properties).containsEntry("org.quartz.jobStore.driverDelegateClass", delegate)
                        .containsEntry("org.quartz.jobStore.isClustered", "true")
                        .containsEntry("org.quartz.jobStore.tablePrefix", QuartzTables.PREFIX);
                return new JdbcStateStore(shared).ensureTable().putIfAbsent("installation-id", value);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<String> stored = new ArrayList<>();
        try {
            for (Future<String> result : pool.invokeAll(nodes)) {
                stored.add(result.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(stored).as("every node got the first node's value").hasSize(3).containsOnly(stored.get(0));
        assertThat(quartzTables(engine)).hasSize(11);
        QuartzCluster.prepare(shared, "node", Duration.ofSeconds(5));
        assertThat(quartzTables(engine)).as("a second start changes nothing").hasSize(11);
        try (Connection connection = shared.getConnection()) {
            assertThat(Tables.exists(connection, "CEIP_QRTZ_LOCKS")).isTrue();
            assertThat(Tables.exists(connection, "CEIP_QRTZ_LOCK_")).as("a name matching another one only as a pattern").isFalse();
        }

        JdbcStateStore state = new JdbcStateStore(shared);
        state.put("features-window-end", "2026-11-23T00:00:00Z");
        state.put("features-window-end", "2026-11-24T00:00:00Z");
        assertThat(state.get("features-window-end")).contains("2026-11-24T00:00:00Z");
        assertThat(state.get("nothing-here")).isEmpty();
        assertThat(vendor).isEqualTo(engine.vendor());
    }

    @Test
    void anEngineClusteringCannotUseIsRefusedNamingTheSetting() {
        ProductEngine h2 = H2Engine.seeded();
        DataSource shared = new DriverManagerDataSource(h2.url(), h2.adminUser(), h2.adminPassword(), 5);

        assertThatThrownBy(() -> QuartzCluster.prepare(shared, "node", Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.cluster.database.url: clustering needs a PostgreSQL, MariaDB or MySQL database"
                        + " shared by the nodes; this one is h2");
    }

    private static List<String> quartzTables(ProductEngine engine) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = engine.admin();
                ResultSet rows = connection.getMetaData().getTables(connection.getCatalog(), null, "%",
                        new String[] { "TABLE" })) {
            while (rows.next()) {
                String name = rows.getString("TABLE_NAME");
                if (name.toUpperCase(java.util.Locale.ROOT).startsWith(QuartzTables.PREFIX)) {
                    tables.add(name);
                }
            }
        }
        return tables;
    }
}
