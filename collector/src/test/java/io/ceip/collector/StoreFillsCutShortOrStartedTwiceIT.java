package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ceip.collector.store.ReportStore;
import io.ceip.collector.support.PostgresExtension;
import io.ceip.collector.support.SqlRows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link StoreFillsCutShortOrStartedTwiceTest} on a real PostgreSQL: each fill at start cut short in its middle (an
 * event trigger fails the creation of its scratch table: a node stopped there) leaves nothing of it, so the next
 * start fills again; two nodes starting at once on the earlier collector's database both start, one filling while
 * the other waits on the fill's advisory lock and then finds it done; the figures equal the queries over every report
 * and event row.
 */
class StoreFillsCutShortOrStartedTwiceIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void fillsCutShortAreDoneAgainAndTwoNodesAtOnceFillOnce() throws Exception {
        String url = postgres.database("fills");
        StoreFillsCutShortOrStartedTwiceTest.earlierCollectorsDatabase(url, "postgres");
        sql(url, "CREATE TABLE cut_at (name TEXT)",
                "CREATE FUNCTION cut() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN IF EXISTS (SELECT 1 FROM"
                        + " pg_event_trigger_ddl_commands() c JOIN cut_at a ON c.object_identity = 'public.' || a.name)"
                        + " THEN RAISE EXCEPTION 'cut short' USING ERRCODE = '08006'; END IF; END $$",
                "CREATE EVENT TRIGGER cut ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION cut()");

        cutAt(url, "ceip_installation_fill"); // the installations and their usage filled, not their days
        assertThat(fleetTables(url)).containsExactly("0");
        cutAt(url, "ceip_event_fill_latest"); // the latest days filled, not the day rows
        assertThat(fleetTables(url)).containsExactly("3");
        sql(url, "DROP EVENT TRIGGER cut");

        StoreFillsCutShortOrStartedTwiceTest.twoNodesAtOnce(url, "postgres");
        assertThat(fleetTables(url)).containsExactly("5");
        StoreFillsCutShortOrStartedTwiceTest.assertRecount(url, "postgres");
    }

    private static void cutAt(String url, String table) throws SQLException {
        sql(url, "DELETE FROM cut_at", "INSERT INTO cut_at VALUES ('" + table + "')");
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            assertThatThrownBy(store::createSchema).isInstanceOf(SQLException.class).hasMessageContaining("cut short");
        }
    }

    /** How many of the fleet view's tables the database has. */
    private static java.util.List<String> fleetTables(String url) throws SQLException {
        return SqlRows.of(url, "postgres", "SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN ('"
                + String.join("', '", StoreFillsCutShortOrStartedTwiceTest.FLEET_TABLES) + "')");
    }

    private static void sql(String url, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }
}
