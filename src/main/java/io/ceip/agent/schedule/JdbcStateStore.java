package io.ceip.agent.schedule;

import io.ceip.agent.files.StateStore;
import io.ceip.agent.util.DatabaseAdvice;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The installation's values in table {@value #TABLE} of the database the cluster's nodes share, so that every node
 * reports the same installation ID, pseudonyms and feature window. One connection per operation, closed at once.
 * {@link #putIfAbsent} is decided by the table's primary key: the first node to insert wins and the others read its
 * value.
 */
public final class JdbcStateStore implements StateStore {

    public static final String TABLE = "CEIP_STATE";

    private final DataSource dataSource;

    public JdbcStateStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the table if it is absent (another node creating it at the same time is fine). */
    public JdbcStateStore ensureTable() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!Tables.exists(connection, TABLE)) {
                try {
                    statement.execute("CREATE TABLE " + TABLE
                            + " (STATE_NAME VARCHAR(64) NOT NULL PRIMARY KEY, STATE_VALUE VARCHAR(256) NOT NULL)");
                } catch (SQLException e) {
                    if (!Tables.exists(connection, TABLE)) {
                        throw e;
                    }
                }
            }
        }
        return this;
    }

    @Override
    public Optional<String> get(String name) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT STATE_VALUE FROM " + TABLE + " WHERE STATE_NAME = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read", name, e);
        }
    }

    @Override
    public String putIfAbsent(String name, String value) {
        try {
            update("INSERT INTO " + TABLE + " (STATE_NAME, STATE_VALUE) VALUES (?, ?)", name, value);
            return value;
        } catch (SQLException e) {
            return get(name).orElseThrow(() -> failure("write", name, e));
        }
    }

    @Override
    public void put(String name, String value) {
        try {
            if (update("UPDATE " + TABLE + " SET STATE_VALUE = ? WHERE STATE_NAME = ?", value, name) == 1) {
                return;
            }
        } catch (SQLException e) {
            throw failure("write", name, e);
        }
        String stored = putIfAbsent(name, value);
        if (!stored.equals(value)) {
            put(name, value);
        }
    }

    @Override
    public String replace(String name, String expected, String value) {
        try {
            update("UPDATE " + TABLE + " SET STATE_VALUE = ? WHERE STATE_NAME = ? AND STATE_VALUE = ?", value, name,
                    expected);
        } catch (SQLException e) {
            throw failure("write", name, e);
        }
        return get(name).orElseGet(() -> putIfAbsent(name, value));
    }

    @Override
    public String where(String name) {
        return "row '" + name + "' of table " + TABLE + " in the cluster database";
    }

    /** Runs one INSERT or UPDATE with string parameters on a connection of its own; returns the rows changed. */
    private int update(String sql, String... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private IllegalStateException failure(String action, String name, SQLException e) {
        return new IllegalStateException("cannot " + action + " " + where(name) + " (" + e.getClass().getSimpleName()
                + ", SQLSTATE " + DatabaseAdvice.state(e) + ")"); // a hostile server's text: named only as one
    }
}
