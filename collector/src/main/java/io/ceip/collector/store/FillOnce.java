package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The skeleton of a fill at start ({@link InstallationsFill}, {@link EventRollupsFill}): tables made and filled from
 * what the database holds, once, the fill's last step making the table that marks it done. One transaction that
 * rolls all of it back when anything fails; on PostgreSQL under the fill's advisory lock, so that of several nodes
 * starting at once one fills and the others wait and then find the marker; on H2, where each DDL statement commits,
 * a fill cut short leaves no marker and is done again from the start (each fill drops its own left-overs first), and
 * the fills of this JVM (an embedded H2 database is one process's) run one at a time.
 */
final class FillOnce {

    /** A row's UTC day as an epoch day, on H2 and PostgreSQL whatever the session's zone. */
    static final String DAY = "CAST(FLOOR(EXTRACT(EPOCH FROM received_at) / 86400) AS INT)";

    private static final Object H2 = new Object();

    private FillOnce() {
    }

    /** The fill's work, on the statement of its transaction. */
    interface Fill {
        void run(Statement statement) throws SQLException;
    }

    /**
     * Runs {@code fill} unless {@code marker} exists, on {@code connection} (auto-commit, given back so).
     *
     * @param lock the fill's advisory lock (PostgreSQL)
     * @return true when it filled
     */
    static boolean unless(Connection connection, boolean postgres, long lock, String marker, Fill fill)
            throws SQLException {
        if (!postgres) {
            synchronized (H2) {
                return once(connection, false, lock, marker, fill);
            }
        }
        return once(connection, true, lock, marker, fill);
    }

    private static boolean once(Connection connection, boolean postgres, long lock, String marker, Fill fill)
            throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            if (postgres) {
                statement.execute("SELECT pg_advisory_xact_lock(" + lock + ")");
            }
            boolean filled = !exists(connection, marker);
            if (filled) {
                fill.run(statement);
            }
            connection.commit();
            return filled;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** True when {@code table} is in the connection's schema. */
    static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM information_schema.tables"
                + " WHERE LOWER(table_name) = ? AND table_schema = CURRENT_SCHEMA")) {
            select.setString(1, table);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }
}
