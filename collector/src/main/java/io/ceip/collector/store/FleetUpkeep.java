package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Retention of the fleet view's tables, in short transactions: the installations whose latest report was received
 * before the cutoff (with their usage rows), the installations' latest days of a name before the cutoff's day, and the
 * rows of the days before it ({@code ceip_active_day}, {@code ceip_event_day}). Each batch is one transaction under
 * {@link FleetLock} taken exclusively, so it never deadlocks with a report being stored and holds the reports that
 * come meanwhile up for one batch only: the installations and latest days go by ranges of the table's pages
 * (PostgreSQL, {@value #PAGES} pages a batch: a TID range scan) or row IDs (H2, {@value #ROWS} a batch), the day
 * rows one day a batch (at most {@code collector.store.max-event-names-per-day} names × 16 shards).
 *
 * <p>The figures stay exact (each installation counted once, on its latest day with a name, and nothing counted on a
 * day before the cutoff's): the latest days go before any day row, so when the day rows are deleted no latest day
 * before the cutoff's day is left to move from (a report that moved one meanwhile moved it to its own day, and its
 * -1 on the old day is deleted with that day); a report's latest day, once read under the lock, is never deleted
 * under it.
 */
final class FleetUpkeep {

    /** PostgreSQL pages (8 KiB) a batch of the installations' and latest days' deletes reads. */
    static final int PAGES = 1024;
    /** H2 row IDs a batch of the installations' and latest days' deletes goes through. */
    static final int ROWS = 50_000;

    private FleetUpkeep() {
    }

    /**
     * Deletes what is older than {@code cutoff} as above, on {@code connection} (auto-commit, given back so).
     *
     * @return what it deleted, for the upkeep's log line: {@code "n installations, m event roll-up rows"}
     */
    static String deleteBefore(Connection connection, boolean postgres, Instant cutoff) throws SQLException {
        Timestamp at = Timestamp.from(cutoff);
        int day = Math.toIntExact(Math.floorDiv(cutoff.toEpochMilli(), Installations.DAY_MILLIS));
        int installations = inRanges(connection, postgres, Installations.TABLE, at,
                "DELETE FROM " + Installations.USAGE + " WHERE installation_id IN (SELECT installation_id FROM "
                        + Installations.TABLE + " WHERE %s AND received_at < ?)",
                "DELETE FROM " + Installations.TABLE + " WHERE %s AND received_at < ?");
        byDay(connection, postgres, Installations.DAYS, day);
        int rollups = inRanges(connection, postgres, EventRollups.LAST, day,
                "DELETE FROM " + EventRollups.LAST + " WHERE %s AND last_day < ?");
        rollups += byDay(connection, postgres, EventRollups.DAYS, day);
        return installations + " installations, " + rollups + " event roll-up rows";
    }

    /**
     * Runs {@code deletes} (their range {@code %s}, then {@code value}) over {@code table}'s pages or row IDs, one
     * batch each; rows added after the first range was taken are the reports' of now, which none of them deletes.
     *
     * @return the rows the last statement deleted
     */
    private static int inRanges(Connection connection, boolean postgres, String table, Object value,
            String... deletes) throws SQLException {
        String range = postgres ? "ctid >= CAST(? AS tid) AND ctid < CAST(? AS tid)" : "_ROWID_ >= ? AND _ROWID_ < ?";
        String end = postgres ? "SELECT pg_relation_size(CAST(? AS regclass)) / current_setting('block_size')::int"
                : "SELECT COALESCE(MAX(_ROWID_) + 1, 0) FROM " + table;
        long last;
        try (PreparedStatement size = connection.prepareStatement(end)) {
            if (postgres) {
                size.setString(1, table);
            }
            try (ResultSet rows = size.executeQuery()) {
                rows.next();
                last = rows.getLong(1);
            }
        }
        String[] sql = new String[deletes.length];
        for (int i = 0; i < deletes.length; i++) {
            sql[i] = deletes[i].formatted(range);
        }
        int step = postgres ? PAGES : ROWS;
        int deleted = 0;
        for (long from = 0; from < last; from += step) {
            Object[] bounds = postgres ? new Object[] {"(" + from + ",0)", "(" + (from + step) + ",0)", value}
                    : new Object[] {from, from + step, value};
            deleted += batch(connection, postgres, sql, bounds);
        }
        return deleted;
    }

    /** Deletes {@code table}'s rows of each day before {@code day}, one day a batch; answers how many. */
    private static int byDay(Connection connection, boolean postgres, String table, int day) throws SQLException {
        int deleted = 0;
        try (PreparedStatement next = connection.prepareStatement("SELECT MIN(epoch_day) FROM " + table
                + " WHERE epoch_day >= ? AND epoch_day < ?")) {
            for (int from = Integer.MIN_VALUE; ; ) {
                next.setInt(1, from);
                next.setInt(2, day);
                try (ResultSet rows = next.executeQuery()) {
                    rows.next();
                    from = rows.getInt(1);
                    if (rows.wasNull()) {
                        return deleted;
                    }
                }
                deleted += batch(connection, postgres, new String[] {"DELETE FROM " + table + " WHERE epoch_day = ?"},
                        new Object[] {from});
                from++;
            }
        }
    }

    /** One batch: the statements in one transaction under the exclusive lock; answers the last one's count. */
    private static int batch(Connection connection, boolean postgres, String[] sql, Object[] values)
            throws SQLException {
        connection.setAutoCommit(false);
        FleetLock.Held held = null;
        try {
            held = FleetLock.exclusive(connection, postgres);
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
