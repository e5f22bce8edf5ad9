package io.ceip.agent.schedule;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Quartz's tables in the shared database, on a real PostgreSQL, when a table of that name is not Quartz's (review s19
 * F3b): one of the wrong shape in the connection's own schema is refused in one line naming it and the missing
 * column, before Quartz fails on it with a stack trace; same-named tables in another schema are not taken for the
 * cluster's, whose own are created.
 */
class QuartzTablesOfTheWrongShapeOrInAnotherSchemaTest {

    @Test
    void aTableOfTheWrongShapeIsRefusedInOneLine() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        DataSource shared = new DriverManagerDataSource(engine.url(), engine.adminUser(), engine.adminPassword(), 5);
        QuartzCluster.prepare(shared, "node", Duration.ofSeconds(5));
        admin(engine, "DROP TABLE ceip_qrtz_locks", "CREATE TABLE ceip_qrtz_locks (x INT)");

        assertThatThrownBy(() -> QuartzCluster.prepare(shared, "node", Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.cluster.database.url: table CEIP_QRTZ_LOCKS in the cluster database is not Quartz's"
                        + " (no column SCHED_NAME, LOCK_NAME); drop or rename it, or share another database");
    }

    @Test
    void quartzTablesInAnotherSchemaAreNotTakenForTheClustersOwn() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        DataSource elsewhere = new DriverManagerDataSource(engine.url() + "?currentSchema=elsewhere",
                engine.adminUser(), engine.adminPassword(), 5);
        admin(engine, "CREATE SCHEMA elsewhere");
        QuartzCluster.prepare(elsewhere, "node", Duration.ofSeconds(5));
        DataSource shared = new DriverManagerDataSource(engine.url(), engine.adminUser(), engine.adminPassword(), 5);

        QuartzCluster.prepare(shared, "node", Duration.ofSeconds(5));

        try (Connection connection = shared.getConnection()) {
            assertThat(Tables.exists(connection, "CEIP_QRTZ_LOCKS")).isTrue();
        }
        try (Connection connection = engine.admin(); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_name = 'ceip_qrtz_locks' AND table_schema = 'public'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("the cluster's own table, in its own schema").isEqualTo(1);
        }
    }

    private static void admin(ProductEngine engine, String... sql) throws Exception {
        try (Connection connection = engine.admin(); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }
}
