package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * The upkeep's deletes in short transactions: over ranges of a table's pages (PostgreSQL, {@value #PAGES} pages a
 * batch: a TID range scan from PostgreSQL 14, a sequential scan of the whole table each batch before it) or row IDs
 * (H2, {@value #ROWS} a batch), each batch its own transaction, optionally under {@link FleetLock} taken exclusively.
 * A batch's statements carry {@code %s} where its range goes, then their own values; rows added after the span was
 * taken are the reports' of now, which no upkeep delete is for.
 */
final class RangeBatches {

    /** PostgreSQL pages (8 KiB) a batch reads. */
    static final int PAGES = 1024;
    /** H2 row IDs a batch goes through. */
    static final int ROWS = 50_000;

    private RangeBatches() {
    }

    /** The whole of {@code table}: pages (PostgreSQL) or row IDs (H2) from 0 to its end. */
    static long[] whole(Connection connection, boolean postgres, String table) throws SQLException {
        String end = postgres ? "SELECT pg_relation_size(CAST(? AS regclass)) / current_setting('block_size')::int"
                : "SELECT COALESCE(MAX(_ROWID_) + 1, 0) FROM " + table;
        try (PreparedStatement size = connection.prepareStatement(end)) {
            if (postgres) {
                size.setString(1, table);
            }
            try (ResultSet rows = size.executeQuery()) {
                rows.next();
                return new long[] {0, rows.getLong(1)};
            }
        }
    }

    /**
     * The pages (PostgreSQL) or row IDs (H2) of {@code table} that hold its rows matching {@code where} with
     * {@code value} (one read of those rows, through an index where it has one): from the first to past the last;
     * empty ({0, 0}) when none matches.
     */
    static long[] holding(Connection connection, boolean postgres, String table, String where, Object value)
            throws SQLException {
        String at = postgres ? "(ctid::text::point)[0]::bigint" : "_ROWID_";
        try (PreparedStatement span = connection.prepareStatement("SELECT MIN(" + at + "), MAX(" + at + ") FROM "
                + table + " WHERE " + where)) {
            span.setObject(1, value);
            try (ResultSet rows = span.executeQuery()) {
                rows.next();
                long first = rows.getLong(1);
                return rows.wasNull() ? new long[] {0, 0} : new long[] {first, rows.getLong(2) + 1};
            }
        }
    }

    /**
     * Deletes {@code table}'s rows received before {@code before} in row-ID batches (H2; no fleet lock: a report only
     * adds rows of now to these tables); answers how many.
     */
    static int receivedBefore(Connection connection, String table, Timestamp before) throws SQLException {
        return Math.toIntExact(run(connection, false, false, holding(connection, false, table, "received_at < ?",
                before), new Object[] {before}, "DELETE FROM " + table + " WHERE %s AND received_at < ?"));
    }

    /**
     * Runs {@code deletes} over {@code span} ({@code [from, to)}), one batch each range, each batch one transaction
     * (under {@link FleetLock} exclusively when {@code fleetLock}); {@code values} follow each statement's range.
     *
     * @return the rows the last statement of each batch deleted, summed
     */
    static long run(Connection connection, boolean postgres, boolean fleetLock, long[] span, Object[] values,
            String... deletes) throws SQLException {
        String range = postgres ? "ctid >= CAST(? AS tid) AND ctid < CAST(? AS tid)" : "_ROWID_ >= ? AND _ROWID_ < ?";
        String[] sql = new String[deletes.length];
        for (int i = 0; i < deletes.length; i++) {
            sql[i] = deletes[i].formatted(range);
        }
        int step = postgres ? PAGES : ROWS;
        long deleted = 0;
        for (long from = span[0]; from < span[1]; from += step) {
            Object[] bound = new Object[2 + values.length];
            bound[0] = postgres ? "(" + from + ",0)" : from;
            bound[1] = postgres ? "(" + (from + step) + ",0)" : from + step;
            System.arraycopy(values, 0, bound, 2, values.length);
            deleted += batch(connection, postgres, fleetLock, sql, bound);
        }
        return deleted;
    }

    /**
     * One batch: the statements in one transaction on {@code connection} (auto-commit, given back so), under the
     * exclusive fleet lock when {@code fleetLock}; answers the last one's count.
     */
    static int batch(Connection connection, boolean postgres, boolean fleetLock, String[] sql, Object[] values)
            throws SQLException {
        connection.setAutoCommit(false);
        FleetLock.Held held = null;
        try {
            held = fleetLock ? FleetLock.exclusive(connection, postgres) : null;
            int count = 0;
            for (String statement : sql) {
                try (PreparedStatement delete = connection.prepareStatement(statement)) {
                    for (int i = 0; i < values.length; i++) {
                        delete.setObject(1 + i, values[i]);
                    }
                    count = delete.executeUpdate();
                }
            }
            connection.commit();
            return count;
        } catch (SQLException | RuntimeException | Error e) { // an Error too: else auto-commit committed a part
            connection.rollback();
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } finally { // let go even when the connection is broken (H2: else every report waits for ever)
                if (held != null) {
                    held.close();
                }
            }
        }
    }
}
