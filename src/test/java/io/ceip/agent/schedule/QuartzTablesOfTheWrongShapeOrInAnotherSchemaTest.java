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
 * cluster's, whose own are created, also when the schema's name read as a LIKE pattern matches the other's (review
 * s20 cluster M2: {@code s_1} counted {@code sx1}'s tables, and the start stopped with 42P01); a connection whose
 * search path names no existing schema counts no table.
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

    @Test
    void quartzTablesInASchemaMatchingOursAsAPatternAreNotTakenForTheClustersOwn() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        admin(engine, "CREATE SCHEMA sx1", "CREATE SCHEMA s_1");
        QuartzCluster.prepare(inSchema(engine, "sx1"), "other-tenant", Duration.ofSeconds(5));
        DataSource ours = inSchema(engine, "s_1");

        QuartzCluster.prepare(ours, "ours", Duration.ofSeconds(5));

        try (Connection connection = engine.admin(); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT table_schema, count(*) FROM information_schema.tables"
                        + " WHERE table_name = 'ceip_qrtz_locks' GROUP BY table_schema ORDER BY table_schema")) {
            StringBuilder schemas = new StringBuilder();
            while (rows.next()) {
                schemas.append(rows.getString(1)).append('=').append(rows.getInt(2)).append(' ');
            }
            assertThat(schemas.toString().trim()).as("each tenant's own table").isEqualTo("s_1=1 sx1=1");
        }
    }

    @Test
    void aConnectionWithoutASchemaCountsNoTable() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        QuartzCluster.prepare(new DriverManagerDataSource(engine.url(), engine.adminUser(), engine.adminPassword(), 5),
                "node", Duration.ofSeconds(5));

        try (Connection connection = inSchema(engine, "absent").getConnection()) {
            assertThat(connection.getSchema()).isNull();
            assertThat(Tables.exists(connection, "CEIP_QRTZ_LOCKS")).isFalse();
        }
    }

    private static DataSource inSchema(ProductEngine engine, String schema) {
        return new DriverManagerDataSource(engine.url() + "?currentSchema=" + schema, engine.adminUser(),
                engine.adminPassword(), 5);
    }

    private static void admin(ProductEngine engine, String... sql) throws Exception {
        try (Connection connection = engine.admin(); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }
}
