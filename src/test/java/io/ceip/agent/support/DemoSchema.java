package io.ceip.agent.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The demo product schema every engine gets, with the row counts of {@link ProductDatabase}: hosts, services,
 * groups, users and UI events, a {@code ticket_seq} sequence, and three views whose SQL differs by engine but whose
 * meaning does not — {@code slow_usage} (runs for seconds), {@code next_ticket} (advances the sequence: a write) and
 * {@code open_sessions} (the sessions of the current account).
 */
public final class DemoSchema {

    private DemoSchema() {
    }

    /** Creates the tables and fills them; {@code timestamp} is the engine's type for a UTC instant column. */
    public static void create(Connection connection, String timestamp, String... views) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE host_group (id INT PRIMARY KEY, name VARCHAR(100))");
            statement.execute("CREATE TABLE host (id INT PRIMARY KEY, name VARCHAR(100), address VARCHAR(100))");
            statement.execute("CREATE TABLE service_group (id INT PRIMARY KEY, name VARCHAR(100))");
            statement.execute("CREATE TABLE service (id INT PRIMARY KEY, name VARCHAR(100))");
            statement.execute("CREATE TABLE app_user (id INT PRIMARY KEY, login VARCHAR(100), email VARCHAR(200))");
            statement.execute("CREATE TABLE ui_event (id BIGINT PRIMARY KEY, feature VARCHAR(100), occurred_at "
                    + timestamp + ")");
            statement.execute("CREATE SEQUENCE ticket_seq");
            for (String view : views) {
                statement.execute(view);
            }
        }
        fill(connection, "INSERT INTO host_group VALUES (?, 'group')", ProductDatabase.HOST_GROUPS);
        fill(connection, "INSERT INTO host VALUES (?, 'host', '192.168.7.1')", ProductDatabase.HOSTS);
        fill(connection, "INSERT INTO service_group VALUES (?, 'sg')", ProductDatabase.SERVICE_GROUPS);
        fill(connection, "INSERT INTO service VALUES (?, 'svc')", ProductDatabase.SERVICES);
        fill(connection, "INSERT INTO app_user VALUES (?, 'login', 'someone@example.org')", ProductDatabase.USERS);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ui_event VALUES (?, 'dashboards', ?)")) {
            Timestamp now = Timestamp.from(Instant.now().minusSeconds(60));
            for (int i = 1; i <= ProductDatabase.UI_EVENTS; i++) {
                insert.setInt(1, i);
                insert.setTimestamp(2, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void fill(Connection connection, String sql, int rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 1; i <= rows; i++) {
                insert.setInt(1, i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
