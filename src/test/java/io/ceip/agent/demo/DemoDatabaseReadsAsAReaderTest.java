package io.ceip.agent.demo;

import io.ceip.agent.collect.DriverManagerDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo database is seeded by its owner and read as {@value DemoDatabase#READER}, a user that may only SELECT:
 * no write, no DDL, no file function; a second start (a new agent run) gives the reader a new password and still
 * reads.
 */
class DemoDatabaseReadsAsAReaderTest {

    private final String url = "jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Test
    void theAgentReadsAsAUserThatCanOnlyRead() throws Exception {
        DataSource demo = DemoDatabase.seedingOnFirstUse(new DriverManagerDataSource(url, "sa", "", 5));
        try (Connection connection = demo.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SELECT CURRENT_USER")).isEqualTo(DemoDatabase.READER);
            assertThat(single(statement, "SELECT COUNT(*) FROM host")).isEqualTo("12");
            assertThat(single(statement, "SELECT COUNT(*) FROM ui_event")).isEqualTo("30");
            for (String write : new String[] { "INSERT INTO host VALUES (99, 'x', 'y', 1)", "DELETE FROM app_user",
                    "CREATE TABLE evil (id INT)", "SELECT FILE_WRITE('x', 'owned.txt')",
                    "SELECT COUNT(*) FROM FINAL TABLE (INSERT INTO host VALUES (98, 'x', 'y', 1))",
                    "CREATE USER evil PASSWORD 'x' ADMIN", "GRANT ALL ON SCHEMA PUBLIC TO " + DemoDatabase.READER }) {
                assertThatThrownBy(() -> statement.execute(write)).as(write).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("90096", "90040"));
            }
        }
        assertThat(new java.io.File("owned.txt")).doesNotExist();

        DataSource restarted = DemoDatabase.seedingOnFirstUse(new DriverManagerDataSource(url, "sa", "", 5));
        try (Connection connection = restarted.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SELECT COUNT(*) FROM host")).as("not seeded twice").isEqualTo("12");
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
