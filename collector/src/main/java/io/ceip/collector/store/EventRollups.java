package io.ceip.collector.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the event figures read (feature use, top errors, operation durations), bounded by days and names rather than
 * by the reports (about 3×10⁷ in a 30-day window at 10⁶ installations), kept in each report's own transaction after
 * its installation's row is locked ({@link Installations#take}: a duplicate adds nothing, a redelivered record counts
 * once, two reports of one installation never interleave):
 * <ul>
 * <li>{@code ceip_event_day}: per UTC day (epoch day), kind ({@code f} feature, {@code e} error, {@code d} operation),
 * name, detail (an error's exception type, else empty) and shard ({@value Installations#SHARDS}, by installation,
 * so that concurrent store nodes do not queue on one row) the sums of the day's reports: uses, occurrences or runs
 * ({@code amount}), an operation's runs times each of its percentiles ({@code p50}, {@code p90}, {@code p99}: the
 * weighted means of {@code EventQueries.COMBINATION} merge exactly), its largest p99 and max; and
 * {@code installations}: those whose <i>latest</i> day with the name is that day. The installations with a name in a
 * window are the sum over its days, exactly (each is counted on one day only). Rows of one shard are only summed.</li>
 * <li>{@code ceip_installation_event}: per installation and name the latest day it sent it ({@code last_day}),
 * written, never read by the figures: when it moves, the installation moves from that day's count to the new one.</li>
 * </ul>
 * Retention ({@link FleetUpkeep}) deletes both below the cutoff's day. Rows are changed in one order (by key) so
 * that two reports never wait on each other in a cycle, and under {@link FleetLock} shared, so that a report and the
 * upkeep never do.
 */
final class EventRollups {

    static final String DAYS = "ceip_event_day";
    static final String LAST = "ceip_installation_event";

    private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::day).thenComparing(Key::kind)
            .thenComparing(Key::name).thenComparing(Key::detail);

    private EventRollups() {
    }

    /** One name of one report: kind, name, detail, its count; for an operation {runs, p50, p90, p99, max} too. */
    record Event(String kind, String name, String detail, long amount, long[] duration) {
    }

    private record Key(long day, String kind, String name, String detail) {
    }

    /** The sums of one day row to add. */
    private static final class Change {
        long installations;
        long amount;
        BigDecimal[] weighted = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        long worstP99;
        long max;
    }

    /**
     * The installations' table and the day table (named {@code days}: the fill makes it under another name first); on
     * PostgreSQL their pages leave room for in-place updates (no column of an index changes).
     */
    static String[] ddl(String days, boolean postgres) {
        String pages = postgres ? " WITH (fillfactor = 80)" : "";
        String name = " kind VARCHAR(1) NOT NULL, name VARCHAR(" + EventRows.NAME_CHARS + ") NOT NULL, detail VARCHAR("
                + EventRows.EXCEPTION_CHARS + ") NOT NULL,";
        return new String[] {
            "CREATE TABLE IF NOT EXISTS " + LAST + " (installation_id VARCHAR(36) NOT NULL," + name
                + " last_day INT NOT NULL, PRIMARY KEY (installation_id, kind, name, detail))" + pages,
            "CREATE TABLE IF NOT EXISTS " + days + " (epoch_day INT NOT NULL," + name + " shard SMALLINT NOT NULL,"
                + " installations BIGINT NOT NULL, amount DECIMAL(38, 0) NOT NULL, p50 DECIMAL(38, 0) NOT NULL,"
                + " p90 DECIMAL(38, 0) NOT NULL, p99 DECIMAL(38, 0) NOT NULL, worst_p99 INT NOT NULL,"
                + " max_ms INT NOT NULL, CONSTRAINT " + DAYS + "_pkey"
                + " PRIMARY KEY (epoch_day, kind, name, detail, shard))" + pages};
    }

    /**
     * Takes the report's events (as stored by {@link EventRows#insert}) into both tables, on {@code connection} in the
     * caller's transaction, the installation's row already locked.
     */
    static void take(Connection connection, boolean postgres, String installation, long day, List<Event> events)
            throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Map<Key, Long> last = new HashMap<>();
        List<String> names = events.stream().map(Event::name).distinct().toList(); // at most 3 x EventRows.MAX_ROWS
        try (PreparedStatement select = connection.prepareStatement("SELECT kind, name, detail, last_day FROM " + LAST
                + " WHERE installation_id = ? AND name IN (" + String.join(", ", java.util.Collections.nCopies(
                names.size(), "?")) + ")")) { // unlocked: the installation's row is, and FleetLock keeps retention out
            select.setString(1, installation);
            for (int i = 0; i < names.size(); i++) {
                select.setString(2 + i, names.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    last.put(new Key(0, rows.getString(1), rows.getString(2), rows.getString(3)), rows.getLong(4));
                }
            }
        }
        Map<Key, Change> changes = new TreeMap<>(ORDER);
        List<Key> inserts = new ArrayList<>();
        List<Key> moves = new ArrayList<>();
        for (Event event : events) {
            Key key = new Key(0, event.kind(), event.name(), event.detail());
            Change change = changes.computeIfAbsent(new Key(day, key.kind(), key.name(), key.detail()),
                    k -> new Change());
            change.amount = EventValues.add(change.amount, event.amount());
            if (event.duration() != null) {
                long[] d = event.duration();
                for (int i = 0; i < 3; i++) {
                    change.weighted[i] = change.weighted[i].add(BigDecimal.valueOf(d[0]).multiply(
                            BigDecimal.valueOf(d[1 + i])));
                }
                change.worstP99 = Math.max(change.worstP99, d[3]);
                change.max = Math.max(change.max, d[4]);
            }
            Long was = last.get(key);
            if (was == null || was < day) {
                change.installations++;
                (was == null ? inserts : moves).add(key);
                if (was != null) {
                    changes.computeIfAbsent(new Key(was, key.kind(), key.name(), key.detail()), k -> new Change())
                            .installations--;
                }
            }
        }
        String where = " WHERE installation_id = ? AND kind = ? AND name = ? AND detail = ?";
        lastDays(connection, "INSERT INTO " + LAST + " (last_day, installation_id, kind, name, detail)"
                + " VALUES (?, ?, ?, ?, ?)", installation, day, inserts);
        lastDays(connection, "UPDATE " + LAST + " SET last_day = ?" + where, installation, day, moves);
        addDays(connection, postgres, Math.floorMod(installation.hashCode(), Installations.SHARDS), changes);
    }

    private static void lastDays(Connection connection, String sql, String installation, long day, List<Key> keys)
            throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Key key : keys) {
                statement.setInt(1, Math.toIntExact(day));
                statement.setString(2, installation);
                statement.setString(3, key.kind());
                statement.setString(4, key.name());
                statement.setString(5, key.detail());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * Adds the changes to their day rows of {@code shard}, each row locked in key order, so that two transactions never
     * wait on each other in a cycle (an update of every row and then inserts of the missing ones locked a later row
     * before an earlier one: a transaction inserting the earlier row and waiting for the later one deadlocked with
     * it, PostgreSQL 40P01, at every UTC midnight's new rows). PostgreSQL: one batch of upserts; H2: per row an update,
     * or an insert under a savepoint, updated again when another transaction inserted it first (23505).
     */
    private static void addDays(Connection connection, boolean postgres, int shard, Map<Key, Change> changes)
            throws SQLException {
        String columns = "installations, amount, p50, p90, p99, worst_p99, max_ms, epoch_day, kind, name, detail,"
                + " shard";
        String insert = "INSERT INTO " + DAYS + " (" + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        if (postgres) {
            days(connection, insert + " ON CONFLICT (epoch_day, kind, name, detail, shard) DO UPDATE SET"
                    + " installations = " + DAYS + ".installations + EXCLUDED.installations, amount = " + DAYS
                    + ".amount + EXCLUDED.amount, p50 = " + DAYS + ".p50 + EXCLUDED.p50, p90 = " + DAYS
                    + ".p90 + EXCLUDED.p90, p99 = " + DAYS + ".p99 + EXCLUDED.p99, worst_p99 = GREATEST(" + DAYS
                    + ".worst_p99, EXCLUDED.worst_p99), max_ms = GREATEST(" + DAYS + ".max_ms, EXCLUDED.max_ms)",
                    shard, new ArrayList<>(changes.entrySet()));
            return;
        }
        String update = "UPDATE " + DAYS + " SET installations = installations + ?, amount = amount + ?,"
                + " p50 = p50 + ?, p90 = p90 + ?, p99 = p99 + ?, worst_p99 = GREATEST(worst_p99, ?),"
                + " max_ms = GREATEST(max_ms, ?) WHERE epoch_day = ? AND kind = ? AND name = ? AND detail = ?"
                + " AND shard = ?";
        for (Map.Entry<Key, Change> row : changes.entrySet()) {
            if (days(connection, update, shard, List.of(row))[0] > 0) {
                continue;
            }
            Savepoint before = connection.setSavepoint();
            try {
                days(connection, insert, shard, List.of(row));
            } catch (SQLException e) {
                if (!unique(e)) {
                    throw e;
                }
                connection.rollback(before); // another transaction made the row first: update it
                days(connection, update, shard, List.of(row));
            }
        }
    }

    /** One batch of {@code sql} over the changes (its parameters in the order of the insert's columns). */
    private static int[] days(Connection connection, String sql, int shard, List<Map.Entry<Key, Change>> rows)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Map.Entry<Key, Change> row : rows) {
                Change change = row.getValue();
                statement.setLong(1, change.installations);
                statement.setBigDecimal(2, BigDecimal.valueOf(change.amount));
                for (int i = 0; i < 3; i++) {
                    statement.setBigDecimal(3 + i, change.weighted[i]);
                }
                statement.setInt(6, (int) change.worstP99);
                statement.setInt(7, (int) change.max);
                statement.setInt(8, Math.toIntExact(row.getKey().day()));
                statement.setString(9, row.getKey().kind());
                statement.setString(10, row.getKey().name());
                statement.setString(11, row.getKey().detail());
                statement.setInt(12, shard);
                statement.addBatch();
            }
            return statement.executeBatch();
        }
    }

    /** True when the failure (or one chained to it: a batch's) is a unique violation. */
    private static boolean unique(SQLException failure) {
        for (SQLException e = failure; e != null; e = e.getNextException()) {
            if ("23505".equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
