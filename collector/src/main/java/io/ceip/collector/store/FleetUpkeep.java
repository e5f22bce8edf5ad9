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
 * (PostgreSQL, {@value RangeBatches#PAGES} pages a batch: a TID range scan) or row IDs (H2, {@value RangeBatches#ROWS} a batch), the day
 * rows one day a batch (at most {@code collector.store.max-event-names-per-day} names × 16 shards).
 *
 * <p>The figures stay exact (each installation counted once, on its latest day with a name, and nothing counted on a
 * day before the cutoff's): the latest days go before any day row, so when the day rows are deleted no latest day
 * before the cutoff's day is left to move from (a report that moved one meanwhile moved it to its own day, and its
 * -1 on the old day is deleted with that day); a report's latest day, once read under the lock, is never deleted
 * under it.
 */
final class FleetUpkeep {

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

    /** {@link RangeBatches#run} over the whole of {@code table}, each batch under the exclusive lock. */
    private static int inRanges(Connection connection, boolean postgres, String table, Object value,
            String... deletes) throws SQLException {
        return Math.toIntExact(RangeBatches.run(connection, postgres, true,
                RangeBatches.whole(connection, postgres, table), new Object[] {value}, deletes));
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
                deleted += RangeBatches.batch(connection, postgres, true,
                        new String[] {"DELETE FROM " + table + " WHERE epoch_day = ?"}, new Object[] {from});
                from++;
            }
        }
    }
}
