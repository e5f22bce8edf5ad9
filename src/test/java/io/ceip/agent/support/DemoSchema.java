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

    /**
     * The inventory tables the shipped config/inventory.yaml reads, the same SQL on every engine: three components
     * (two declared, one not), an enterprise licence valid until June 2027 with a customer name, two feature flags
     * and two connected engines.
     */
    public static final String[] INVENTORY = {
        "CREATE TABLE product_module (id INT PRIMARY KEY, name VARCHAR(1000), version VARCHAR(1000))",
        "INSERT INTO product_module VALUES (1, 'monitoring-core', '1.0.0'), (2, 'widget/graph', '2.1.0-beta'),"
                + " (3, 'custom-module', '0.9')",
        "CREATE TABLE licence (id INT PRIMARY KEY, licence_type VARCHAR(1000), customer VARCHAR(1000),"
                + " valid_until DATE, unlimited BOOLEAN)",
        "INSERT INTO licence VALUES (1, 'enterprise', 'Customer Name', DATE '2027-06-30', FALSE)",
        "CREATE TABLE licence_feature (feature VARCHAR(1000), enabled BOOLEAN)",
        "INSERT INTO licence_feature VALUES ('dashboards', TRUE), ('connectors', FALSE)",
        "CREATE TABLE connected_engine (engine_id VARCHAR(1000))",
        "INSERT INTO connected_engine VALUES ('engine-1'), ('engine-2')" };

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
            for (String sql : INVENTORY) {
                statement.execute(sql);
            }
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
