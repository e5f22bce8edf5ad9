package io.ceip.collector.store;

import com.fasterxml.jackson.databind.JsonNode;

import io.ceip.collector.validate.Report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report's declared usage counts as rows of {@code ceip_usage}, written in the report's own transaction (a
 * duplicate adds none), so that the fleet view's usage figure reads one small table instead of every report's JSON:
 * one row per key of {@code usage} (source {@code usage}) and of {@code features.counts} (source {@code counts}; a
 * count by name, an object, is kept as the sum of its counts). Keys are vendor-declared but hostile: cut to
 * {@value EventRows#NAME_CHARS} characters with control and format characters as {@code ?} (two keys that meet there:
 * the first kept), at most {@value #MAX_KEYS} per source and report, and only the keys {@link EventNames} takes for
 * the day (kind {@link EventNames.Kind#USAGE_KEY}: further keys are not stored); a value is a count as
 * {@link EventValues#count} takes it (0 to 10<sup>12</sup>, a range at its lower bound; anything else not stored).
 */
final class UsageRows {

    /** The table, partitioned by month on PostgreSQL as the event tables ({@link Partitions}). */
    static final String TABLE = "ceip_usage";
    static final int MAX_KEYS = 200;
    /** The two sources: {@code usage} and {@code features.counts}. */
    static final String USAGE = "usage";
    static final String COUNTS = "counts";

    private UsageRows() {
    }

    /**
     * The table and its indexes: on H2 a plain table with B-tree indexes on {@code received_at} (retention) and
     * {@code report_id} (the figure's join to the installations' latest reports); on PostgreSQL partitioned by month
     * with a BRIN index on {@code received_at} (the join is hashed over the window's partitions).
     */
    static String[] ddl(boolean postgres) {
        String table = "CREATE TABLE IF NOT EXISTS " + TABLE + " (report_id VARCHAR(36) NOT NULL,"
                + " installation_id VARCHAR(36) NOT NULL, received_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " source VARCHAR(8) NOT NULL, usage_key VARCHAR(" + EventRows.NAME_CHARS + ") NOT NULL,"
                + " amount BIGINT NOT NULL)";
        return postgres ? new String[] {table + " PARTITION BY RANGE (received_at)",
            "CREATE INDEX IF NOT EXISTS " + TABLE + "_received ON " + TABLE + " USING BRIN (received_at)"}
            : new String[] {table, "CREATE INDEX IF NOT EXISTS " + TABLE + "_received ON " + TABLE + " (received_at)",
                "CREATE INDEX IF NOT EXISTS " + TABLE + "_report ON " + TABLE + " (report_id)"};
    }

    /** True when the report has a non-empty {@code usage} or {@code features.counts}. */
    static boolean any(Report report) {
        JsonNode tree = report.tree();
        return tree.path("usage").size() > 0 || tree.path("features").path("counts").size() > 0;
    }

    /**
     * Inserts the report's usage rows on {@code connection} (in the caller's transaction).
     *
     * @return the rows inserted: per source ({@link #USAGE}, {@link #COUNTS}) the keys and their values
     */
    static Map<String, Map<String, Long>> insert(Connection connection, Report report, Timestamp receivedAt,
            EventNames names) throws SQLException {
        JsonNode tree = report.tree();
        EventNames.Report admission = names.report(Math.floorDiv(receivedAt.getTime(), 86_400_000L));
        Map<String, Long> usage = keys(tree.path("usage"), USAGE, admission);
        Map<String, Long> counts = keys(tree.path("features").path("counts"), COUNTS, admission);
        Map<String, Map<String, Long>> kept = Map.of(USAGE, usage, COUNTS, counts);
        if (usage.isEmpty() && counts.isEmpty()) {
            return kept;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (report_id,"
                + " installation_id, received_at, source, usage_key, amount) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (String source : new String[] {USAGE, COUNTS}) {
                for (Map.Entry<String, Long> row : (source.equals(USAGE) ? usage : counts).entrySet()) {
                    insert.setString(1, report.reportId());
                    insert.setString(2, report.installationId());
                    insert.setTimestamp(3, receivedAt);
                    insert.setString(4, source);
                    insert.setString(5, row.getKey());
                    insert.setLong(6, row.getValue());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        return kept;
    }

    /** The keys of one source that are kept, in the report's order, with their values. */
    private static Map<String, Long> keys(JsonNode object, String source, EventNames.Report admission) {
        Map<String, Long> kept = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.isObject() ? object.fields()
                : java.util.Collections.emptyIterator();
        while (fields.hasNext() && kept.size() < MAX_KEYS) {
            Map.Entry<String, JsonNode> field = fields.next();
            long value = value(field.getValue());
            String key = EventValues.clean(field.getKey(), EventRows.NAME_CHARS);
            if (value >= 0 && !kept.containsKey(key) && admission.admit(EventNames.Kind.USAGE_KEY,
                    source + '\n' + key)) {
                kept.put(key, value);
            }
        }
        return kept;
    }

    /** A count, or an object of counts by name as their sum (at most 10^12); -1 for anything else. */
    private static long value(JsonNode value) {
        if (!value.isObject()) {
            return EventValues.count(value);
        }
        long sum = 0;
        for (JsonNode count : value) {
            long n = EventValues.count(count);
            sum = n < 0 ? sum : EventValues.add(sum, n);
        }
        return sum;
    }

    /**
     * Seeds {@code names} with the keys stored since the start of the day {@value EventNames#DAYS_KEPT} days before
     * {@code now}'s (UTC), as {@link EventRows#seed} does the event names.
     */
    static void seed(Connection connection, Instant now, EventNames names) throws SQLException {
        long today = Math.floorDiv(now.toEpochMilli(), 86_400_000L);
        try (PreparedStatement select = connection.prepareStatement("SELECT source || CHR(10) || usage_key,"
                + " MAX(received_at), MIN(received_at) FROM " + TABLE + " WHERE received_at >= ?"
                + " GROUP BY source, usage_key")) {
            select.setTimestamp(1, new Timestamp((today - EventNames.DAYS_KEPT + 1) * 86_400_000L));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    names.seed(Math.floorDiv(rows.getTimestamp(2).getTime(), 86_400_000L), Math.floorDiv(
                            rows.getTimestamp(3).getTime(), 86_400_000L), EventNames.Kind.USAGE_KEY, null,
                            rows.getString(1));
                }
            }
        }
    }

    /** Deletes the rows received before {@code cutoff} (H2); answers how many. */
    static int deleteBefore(Connection connection, Instant cutoff) throws SQLException {
        return RangeBatches.receivedBefore(connection, TABLE, Timestamp.from(cutoff));
    }
}
