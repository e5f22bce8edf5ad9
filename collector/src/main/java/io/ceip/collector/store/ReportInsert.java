package io.ceip.collector.store;

import io.ceip.collector.validate.Report;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * One report's transaction ({@link ReportRows#insert}: its row, events and fleet figures) and what became of it, for
 * {@link ReportStore#store(Report, Long, String)}: stored (committed); a duplicate (its report ID's key, SQL state
 * 23505); refused by the database (a value it cannot keep, class 22); poison (a runtime failure, from a named place:
 * dropped, one WARN line); anything else thrown (the database's own failure: the connection dropped, the report
 * delivered again). A failed insert is rolled back first; a connection whose rollback fails is dropped. The log lines
 * are {@link ReportLines}'.
 */
final class ReportInsert {

    private final Connections connections;
    private final boolean postgres;
    private final EventNames eventNames;
    private final ReportLines lines;

    ReportInsert(Connections connections, boolean postgres, EventNames eventNames, ReportLines lines) {
        this.connections = connections;
        this.postgres = postgres;
        this.eventNames = eventNames;
        this.lines = lines;
    }

    /**
     * Stores {@code report}, received at {@code receivedAt} (epoch ms; null: now), from {@code where} (a record's
     * place; null: the in-process hand-off, which gets a runtime failure thrown rather than dropped).
     */
    ReportStore.Outcome store(Report report, Long receivedAt, String where) throws SQLException {
        Timestamp at = Timestamp.from(receivedAt == null ? Instant.now() : Instant.ofEpochMilli(receivedAt));
        Connection connection = connections.take(Connections.ANSWER_MILLIS);
        try {
            ReportRows.insert(connection, postgres, report, at, eventNames);
            connections.give(connection);
            lines.stored(report);
            return ReportStore.Outcome.STORED;
        } catch (RuntimeException e) {
            if (rolledBack(connection)) {
                connections.give(connection);
            }
            if (where == null) {
                throw e; // the in-process hand-off: 503, sent again
            }
            lines.dropped(report, where, e);
            return ReportStore.Outcome.REJECTED;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (!rolledBack(connection)) {
                throw e;
            }
            if (state.equals("23505")) {
                connections.give(connection);
                lines.duplicate(report);
                return ReportStore.Outcome.DUPLICATE;
            }
            if (state.startsWith("22")) {
                connections.give(connection);
                lines.refused(report, state, where);
                return ReportStore.Outcome.REJECTED;
            }
            connections.drop(connection);
            throw e;
        } catch (Error e) { // rolled back by ReportRows: the connection is closed, not kept open unreferenced
            connections.drop(connection);
            throw e;
        }
    }

    /** Rolls back the failed insert and restores auto-commit; false (the connection dropped) when that fails. */
    private boolean rolledBack(Connection connection) {
        try {
            if (connection.getAutoCommit()) {
                return true;
            }
            connection.rollback();
            connection.setAutoCommit(true);
            return true;
        } catch (SQLException e) {
            connections.drop(connection);
            return false;
        }
    }
}
