package io.ceip.collector.store;

import io.ceip.collector.validate.Report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.util.Map;

/**
 * What the fleet view reads, bounded by the installations rather than by the reports (about 3×10⁷ in a 30-day window
 * at 10⁶ installations), kept in each report's own transaction (a duplicate adds nothing, a redelivered record counts
 * once, nothing committed is missing from them):
 * <ul>
 * <li>{@code ceip_installation}: one row per installation, its latest report (latest by {@code received_at}, then
 * report ID, as the figures always took it) with the columns the counting figures group on, and
 * {@code days_seen}: bit <i>i</i> set when the installation reported on the UTC day <i>i</i> days before its latest
 * report's ({@value #DAYS_BITS} days);</li>
 * <li>{@code ceip_installation_usage}: the usage rows ({@link UsageRows}) of that latest report, replaced with it;</li>
 * <li>{@code ceip_active_day}: installations that reported per UTC day (epoch day), in {@value #SHARDS} shards by
 * installation so that concurrent store nodes do not queue on one row; a day is counted for an installation the
 * first time it reports on it. A report more than {@value #DAYS_BITS} days older than its installation's latest is
 * not counted for its day (nothing says whether it was; a day that old is outside any usual window).</li>
 * </ul>
 * Retention ({@link FleetUpkeep}) deletes installations whose latest report is older than the cutoff, and the days
 * before it.
 */
final class Installations {

    static final String TABLE = "ceip_installation";
    static final String USAGE = "ceip_installation_usage";
    static final String DAYS = "ceip_active_day";
    static final int SHARDS = 16;
    /** Days of {@code days_seen} (bits 0 to 62: the sign bit stays clear). */
    static final int DAYS_BITS = 63;
    static final long DAY_MILLIS = 86_400_000L;

    private Installations() {
    }

    /**
     * The three tables (IF NOT EXISTS), the days' named {@code days} (the fill makes it under another name first); on
     * PostgreSQL the installations' pages leave room for in-place updates.
     */
    static String[] ddl(boolean postgres, String days) {
        return new String[] {
            "CREATE TABLE IF NOT EXISTS " + TABLE + " (installation_id VARCHAR(36) PRIMARY KEY,"
                + " report_id VARCHAR(36) NOT NULL, received_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " product_name VARCHAR(200), product_version VARCHAR(100), os_name VARCHAR(200),"
                + " java_version VARCHAR(100), db_vendor VARCHAR(200), consent_level VARCHAR(16),"
                + " days_seen BIGINT NOT NULL)" + (postgres ? " WITH (fillfactor = 80)" : ""),
            "CREATE TABLE IF NOT EXISTS " + USAGE + " (installation_id VARCHAR(36) NOT NULL,"
                + " source VARCHAR(8) NOT NULL, usage_key VARCHAR(" + EventRows.NAME_CHARS + ") NOT NULL,"
                + " amount BIGINT NOT NULL, PRIMARY KEY (installation_id, source, usage_key))",
            "CREATE TABLE IF NOT EXISTS " + days + " (epoch_day INT NOT NULL, shard SMALLINT NOT NULL,"
                + " installations BIGINT NOT NULL, CONSTRAINT " + DAYS + "_pkey PRIMARY KEY (epoch_day, shard))"};
    }

    /**
     * Takes the report (already inserted on {@code connection}, in the caller's transaction) into the three tables.
     *
     * @param counted the counting columns as stored ({@link ReportRows#counted})
     * @param usage the usage rows stored, by source ({@link UsageRows#USAGE}, {@link UsageRows#COUNTS}) and key
     */
    static void take(Connection connection, Report report, Timestamp at, String[] counted,
            Map<String, Map<String, Long>> usage) throws SQLException {
        String id = report.installationId();
        long day = Math.floorDiv(at.getTime(), DAY_MILLIS);
        Latest latest = latest(connection, id);
        if (latest == null) {
            Savepoint before = connection.setSavepoint();
            try {
                write(connection, "INSERT INTO " + TABLE + " (product_name, product_version, os_name, java_version,"
                        + " db_vendor, consent_level, report_id, received_at, days_seen, installation_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", report, at, counted, 1L);
                replaceUsage(connection, id, usage, false);
                countDay(connection, day, id);
                return;
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(before); // another transaction took the installation first: update it
                latest = latest(connection, id);
            }
        }
        long latestDay = Math.floorDiv(latest.at().getTime(), DAY_MILLIS);
        boolean newer = at.getTime() > latest.at().getTime() || at.getTime() == latest.at().getTime()
                && report.reportId().compareTo(latest.reportId()) > 0;
        long bits = latest.days();
        long bit;
        if (day >= latestDay) {
            bits = day - latestDay >= DAYS_BITS ? 0 : (bits << (day - latestDay)) & Long.MAX_VALUE;
            bit = 1;
        } else {
            bit = latestDay - day >= DAYS_BITS ? 0 : 1L << (latestDay - day);
        }
        boolean newDay = bit != 0 && (bits & bit) == 0;
        bits |= bit;
        if (newer) {
            write(connection, "UPDATE " + TABLE + " SET product_name = ?, product_version = ?, os_name = ?,"
                    + " java_version = ?, db_vendor = ?, consent_level = ?, report_id = ?, received_at = ?,"
                    + " days_seen = ? WHERE installation_id = ?", report, at, counted, bits);
            replaceUsage(connection, id, usage, true);
        } else if (bits != latest.days()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET days_seen = ?"
                    + " WHERE installation_id = ?")) {
                update.setLong(1, bits);
                update.setString(2, id);
                update.executeUpdate();
            }
        }
        if (newDay) {
            countDay(connection, day, id);
        }
    }

    /** The installation's latest report and days, its row locked until the transaction ends; null when none. */
    private static Latest latest(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT report_id, received_at, days_seen FROM "
                + TABLE + " WHERE installation_id = ? FOR UPDATE")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new Latest(rows.getString(1), rows.getTimestamp(2), rows.getLong(3)) : null;
            }
        }
    }

    private record Latest(String reportId, Timestamp at, long days) {
    }

    /** Runs the insert or update of the installation's row ({@code sql}'s ten parameters in the order of both). */
    private static void write(Connection connection, String sql, Report report, Timestamp at, String[] counted,
            long days) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, ReportRows.cut(report.productName(), 200));
            for (int i = 0; i < counted.length; i++) {
                statement.setString(2 + i, counted[i]);
            }
            statement.setString(6, ReportRows.cut(report.consentLevel(), 16));
            statement.setString(7, report.reportId());
            statement.setTimestamp(8, at);
            statement.setLong(9, days);
            statement.setString(10, report.installationId());
            statement.executeUpdate();
        }
    }

    /** The installation's usage rows become {@code usage} (those of its latest report). */
    private static void replaceUsage(Connection connection, String id, Map<String, Map<String, Long>> usage,
            boolean delete) throws SQLException {
        if (delete) {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + USAGE
                    + " WHERE installation_id = ?")) {
                statement.setString(1, id);
                statement.executeUpdate();
            }
        }
        if (usage.values().stream().allMatch(Map::isEmpty)) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + USAGE
                + " (installation_id, source, usage_key, amount) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, Map<String, Long>> source : usage.entrySet()) {
                for (Map.Entry<String, Long> row : source.getValue().entrySet()) {
                    insert.setString(1, id);
                    insert.setString(2, source.getKey());
                    insert.setString(3, row.getKey());
                    insert.setLong(4, row.getValue());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** One more installation on {@code day}, in the installation's shard. */
    private static void countDay(Connection connection, long day, String id) throws SQLException {
        int shard = Math.floorMod(id.hashCode(), SHARDS);
        String update = "UPDATE " + DAYS + " SET installations = installations + 1 WHERE epoch_day = ? AND shard = ?";
        if (dayRow(connection, update, day, shard) > 0) {
            return;
        }
        Savepoint before = connection.setSavepoint();
        try {
            dayRow(connection, "INSERT INTO " + DAYS + " (epoch_day, shard, installations) VALUES (?, ?, 1)", day,
                    shard);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(before); // another transaction made the row first
            dayRow(connection, update, day, shard);
        }
    }

    private static int dayRow(Connection connection, String sql, long day, int shard) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, Math.toIntExact(day));
            statement.setInt(2, shard);
            return statement.executeUpdate();
        }
    }
}
