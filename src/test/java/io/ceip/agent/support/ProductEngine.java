package io.ceip.agent.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real database engine holding the demo product schema ({@link DemoSchema}) in a database of its own, with an
 * account for the agent ({@link #agentUser()}, password {@link #AGENT_PASSWORD}) and an administrator account the test uses. One implementation per supported engine; the same
 * queries ({@code src/test/resources/queries/engine-suite.yaml}) and assertions run on each.
 */
public interface ProductEngine {

    String AGENT_PASSWORD = "Agent-Db-Secret-5521";

    /** The agent's account (allowed to write in its database, so only the read-only transaction stops a write). */
    String agentUser();

    /**
     * An account that can only read (SELECT on the demo schema, nothing else), as the README tells the vendor to
     * make for the agent; its password is {@link #AGENT_PASSWORD} too.
     */
    String readerUser();

    /** The JDBC URL the reader connects with (H2: without settings only an administrator may give). */
    default String readerUrl() {
        return url();
    }

    /** JDBC URL of this test's database. */
    String url();

    /**
     * Queries (run as the administrator) whose answers, with every demo table's rows, make up the state a
     * collection must leave unchanged: the tables and views that exist, the sequence, and what the engine keeps
     * beside tables (large objects, session locks left behind).
     */
    java.util.List<String> stateQueries();

    /** A query that answers whether the current transaction is read-only (null where the engine has none). */
    String readOnlyProbe();

    /** {@link #url()} with the driver told not to make read-only connections read-only (null where it cannot be). */
    String urlWithoutDriverReadOnly();

    /**
     * Returns once the server has ended the sessions of the agent's and the reader's connections the test closed
     * (PostgreSQL ends a backend, releasing its session locks, a moment after its client left); at once elsewhere.
     */
    default void awaitClosedSessions() {
    }

    /** Everything {@link #stateQueries()} and the demo tables answer now, as text. */
    default String state() {
        StringBuilder state = new StringBuilder();
        java.util.List<String> queries = new java.util.ArrayList<>(stateQueries());
        for (String table : java.util.List.of("host_group", "host", "service_group", "service", "app_user",
                "ui_event")) {
            queries.add("SELECT * FROM " + table + " ORDER BY id");
        }
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            for (String sql : queries) {
                state.append(sql).append(':');
                try (ResultSet rows = statement.executeQuery(sql)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            state.append(' ').append(rows.getString(i));
                        }
                        state.append(';');
                    }
                }
                state.append('\n');
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return state.toString();
    }

    /** The vendor the agent must report ({@code h2}, {@code postgresql}, {@code mariadb}). */
    String vendor();

    /** A regular expression the reported version must match. */
    String versionPattern();

    /** Whether the engine enforces a read-only transaction (H2 takes it as a hint only, as its Javadoc says). */
    boolean enforcesReadOnly();

    /** Statements containing {@code text} running now, from the engine's own view of its sessions. */
    long runningStatementsContaining(String text);

    /** Sessions the agent's account has open now, from the engine's own view. */
    long agentSessions();

    /** Gives the agent's account a new password (as a DBA rotating it would). */
    void changeAgentPassword(String password);

    /** The administrator account, which the tests (and a cluster's shared database) use. */
    String adminUser();

    String adminPassword();

    /** A connection as the administrator. */
    default Connection admin() throws SQLException {
        return connect(url(), adminUser(), adminPassword());
    }

    default long queryLong(String sql) {
        try (Connection connection = admin();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The number {@code sql} returns with its one parameter set to {@code parameter}, run as the administrator. */
    default long count(String sql, String parameter) {
        try (Connection connection = admin(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    default void execute(String... sql) {
        try (Connection connection = admin();
                Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
