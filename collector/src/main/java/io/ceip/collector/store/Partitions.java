package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL layout for the years (about 3.7×10⁸ reports a year at 10⁶ installations): {@code ceip_report} and
 * the three event tables ({@link EventRows#TABLES}, up to a thousand rows each per report) and the usage table
 * ({@link UsageRows}) are range-partitioned by
 * {@code received_at} into one partition per UTC month ({@code ceip_report_p202612}, {@code ceip_error_p202612}
 * hold December 2026), made {@value #MONTHS_AHEAD} months ahead; partitions wholly older than the retention are
 * dropped (a cheap {@code DROP TABLE}, no row-by-row delete, no bloat). A unique constraint on a partitioned table must contain the
 * partition key, so the report ID alone cannot be unique there: {@code ceip_report_id} (report ID, primary key, and
 * when it arrived) is the dedupe table, inserted in the same transaction as the report's row; its rows are deleted
 * with the months they belong to (never while their report's partition is kept). Every change runs under one
 * transaction-level advisory lock, so that several nodes starting at once do not race to make the same partition.
 */
final class Partitions {

    /** Months made ahead of the current one, so that the month's turn never waits for maintenance. */
    static final int MONTHS_AHEAD = 2;

    private static final long LOCK = 0x6365697072707274L;
    /** The partitioned tables: the reports, then the event rows and the usage rows. */
    private static final List<String> TABLES = List.of("ceip_report", EventRows.TABLES.get(0), EventRows.TABLES.get(1),
            EventRows.TABLES.get(2), UsageRows.TABLE);
    /** A partition's name after {@code <table>_p}: its month. */
    private static final Pattern MONTH = Pattern.compile("(\\d{4})(\\d{2})");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMM");

    private Partitions() {
    }

    /** The DDL of the partitioned table, the dedupe table and their indexes (each IF NOT EXISTS). */
    static String[] schema() {
        return new String[] {
            "CREATE TABLE IF NOT EXISTS ceip_report ("
                + " report_id VARCHAR(36) NOT NULL,"
                + ReportRows.COLUMNS
                + " report JSONB NOT NULL,"
                + " PRIMARY KEY (report_id, received_at)) PARTITION BY RANGE (received_at)",
            // reports arrive in time order: a BRIN index is a few pages per partition
            "CREATE INDEX IF NOT EXISTS ceip_report_received ON ceip_report USING BRIN (received_at)",
            "CREATE INDEX IF NOT EXISTS ceip_report_installation ON ceip_report (installation_id)",
            "CREATE TABLE IF NOT EXISTS ceip_report_id ("
                + " report_id VARCHAR(36) PRIMARY KEY,"
                + " received_at TIMESTAMP WITH TIME ZONE NOT NULL)",
            "CREATE INDEX IF NOT EXISTS ceip_report_id_received ON ceip_report_id USING BRIN (received_at)"};
    }

    /**
     * Refuses a {@code ceip_report} or an event table made by an earlier collector without partitions, naming what to
     * do.
     *
     * @throws IllegalStateException when such a table exists and is not partitioned
     */
    static void checkLayout(Connection connection) throws SQLException {
        for (String table : TABLES) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT c.relkind FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = ?"
                    + " AND n.nspname = current_schema()")) {
                statement.setString(1, table);
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next() && !"p".equals(rows.getString(1))) {
                        throw new IllegalStateException("collector.store.jdbc-url: table " + table + " exists without"
                                + " partitions (made by an earlier collector); rename it and copy its rows into the"
                                + " new one");
                    }
                }
            }
        }
    }

    /** Makes the month of {@code at} and the {@value #MONTHS_AHEAD} after it, under the advisory lock. */
    static void makeAhead(Connection connection, Instant at) throws SQLException {
        YearMonth month = YearMonth.from(at.atOffset(ZoneOffset.UTC));
        for (int i = 0; i <= MONTHS_AHEAD; i++) {
            make(connection, month.plusMonths(i));
        }
    }

    /** Makes the partitions of {@code month} that are missing, one per table (its own statements; locks first). */
    static void make(Connection connection, YearMonth month) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            for (String table : TABLES) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + name(table, month) + " PARTITION OF " + table
                        + " FOR VALUES FROM ('" + month.atDay(1) + " 00:00:00+00') TO ('"
                        + month.plusMonths(1).atDay(1) + " 00:00:00+00')");
            }
        }
    }

    /**
     * Drops the partitions that end on or before {@code cutoff}, in the caller's transaction (commit it before
     * {@link #deleteIds}: the drops' locks hold every report's insert).
     *
     * @return the partitions dropped
     */
    static List<String> dropBefore(Connection connection, Instant cutoff) throws SQLException {
        YearMonth firstKept = YearMonth.from(cutoff.atOffset(ZoneOffset.UTC));
        List<String> dropped = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            for (String table : TABLES) {
                for (String name : partitions(connection, table)) {
                    Matcher month = MONTH.matcher(name.substring(Math.min(name.length(), table.length() + 2)));
                    if (name.startsWith(table + "_p") && month.matches() && YearMonth.of(Integer.parseInt(
                            month.group(1)), Integer.parseInt(month.group(2))).isBefore(firstKept)) {
                        statement.execute("DROP TABLE " + name);
                        dropped.add(name);
                    }
                }
            }
        }
        return dropped;
    }

    /**
     * Deletes the dedupe rows of the months {@link #dropBefore} dropped: those received before the first month kept,
     * whose report is gone. Not those older than {@code cutoff} itself: that month's partition is kept whole, and a
     * report of it whose dedupe row was gone was stored a second time when sent again (two rows of one report ID in two
     * partitions); nor one whose report is still kept (a record of such a month stored after the drop makes its
     * partition again: its dedupe row goes when that partition is dropped). On {@code connection} in auto-commit, in
     * batches of {@value RangeBatches#PAGES} pages over the pages that hold such rows ({@link RangeBatches}), each its
     * own transaction without the fleet lock: a report only inserts rows of its own ID, so no batch waits for a report,
     * and a report sent again waits for one batch at most (then stored, its row deleted, or refused, its row not yet).
     *
     * @return the dedupe rows deleted
     */
    static long deleteIds(Connection connection, Instant cutoff) throws SQLException {
        Timestamp before = Timestamp.from(YearMonth.from(cutoff.atOffset(ZoneOffset.UTC)).atDay(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant());
        return RangeBatches.run(connection, true, false, RangeBatches.holding(connection, true, "ceip_report_id",
                "received_at < ?", before), new Object[] {before, before}, "DELETE FROM ceip_report_id d WHERE %s"
                + " AND received_at < ? AND NOT EXISTS (SELECT 1 FROM ceip_report r WHERE r.received_at < ?"
                + " AND r.report_id = d.report_id AND r.received_at = d.received_at)");
    }

    /** The partitions of {@code table}, by name. */
    private static List<String> partitions(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT c.relname FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
                + " WHERE p.relname = ?")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    /** The partition of {@code table} for {@code month}: {@code <table>_pYYYYMM}. */
    static String name(String table, YearMonth month) {
        return table + "_p" + month.format(SUFFIX);
    }
}
