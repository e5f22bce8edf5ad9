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
 * The PostgreSQL layout for the years (about 3.7×10⁸ reports a year at 10⁶ installations): {@code ceip_report} is
 * range-partitioned by {@code received_at} into one partition per UTC month ({@code ceip_report_p202612} holds
 * December 2026), made {@value #MONTHS_AHEAD} months ahead; partitions wholly older than the retention are dropped
 * (a cheap {@code DROP TABLE}, no row-by-row delete). A unique constraint on a partitioned table must contain the
 * partition key, so the report ID alone cannot be unique there: {@code ceip_report_id} (report ID, primary key, and
 * when it arrived) is the dedupe table, inserted in the same transaction as the report's row; its rows older than
 * the retention are deleted daily. Every change runs under one transaction-level advisory lock, so that several
 * nodes starting at once do not race to make the same partition.
 */
final class Partitions {

    /** Months made ahead of the current one, so that the month's turn never waits for maintenance. */
    static final int MONTHS_AHEAD = 2;

    private static final long LOCK = 0x6365697072707274L;
    private static final Pattern NAME = Pattern.compile("ceip_report_p(\\d{4})(\\d{2})");
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
     * Refuses a {@code ceip_report} made by an earlier collector without partitions, naming what to do.
     *
     * @throws IllegalStateException when the table exists and is not partitioned
     */
    static void checkLayout(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT c.relkind FROM pg_class c JOIN pg_namespace n"
                        + " ON n.oid = c.relnamespace WHERE c.relname = 'ceip_report'"
                        + " AND n.nspname = current_schema()")) {
            if (rows.next() && !"p".equals(rows.getString(1))) {
                throw new IllegalStateException("collector.store.jdbc-url: table ceip_report exists without"
                        + " partitions (made by an earlier collector); rename it and copy its rows into the new one");
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

    /** Makes the partition of {@code month} if it is missing (its own statement; locks first). */
    static void make(Connection connection, YearMonth month) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            statement.execute("CREATE TABLE IF NOT EXISTS " + name(month) + " PARTITION OF ceip_report FOR VALUES"
                    + " FROM ('" + month.atDay(1) + " 00:00:00+00') TO ('" + month.plusMonths(1).atDay(1)
                    + " 00:00:00+00')");
        }
    }

    /**
     * Drops the partitions that end on or before {@code cutoff} and deletes the dedupe rows older than it.
     *
     * @return the partitions dropped
     */
    static List<String> dropBefore(Connection connection, Instant cutoff) throws SQLException {
        YearMonth firstKept = YearMonth.from(cutoff.atOffset(ZoneOffset.UTC));
        List<String> dropped = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT c.relname FROM pg_inherits i"
                    + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
                    + " WHERE p.relname = 'ceip_report'")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            for (String name : names) {
                Matcher matcher = NAME.matcher(name);
                if (matcher.matches() && YearMonth.of(Integer.parseInt(matcher.group(1)),
                        Integer.parseInt(matcher.group(2))).isBefore(firstKept)) {
                    statement.execute("DROP TABLE " + name);
                    dropped.add(name);
                }
            }
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM ceip_report_id WHERE received_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            delete.executeUpdate();
        }
        return dropped;
    }

    /** The partition of {@code month}: {@code ceip_report_pYYYYMM}. */
    static String name(YearMonth month) {
        return "ceip_report_p" + month.format(SUFFIX);
    }
}
