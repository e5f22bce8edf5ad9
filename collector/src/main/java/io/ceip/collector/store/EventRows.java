package io.ceip.collector.store;

import com.fasterxml.jackson.databind.JsonNode;

import io.ceip.collector.validate.Report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's events as rows of three child tables, written in the report's own transaction (so a report refused
 * as a duplicate adds none): {@code ceip_feature_use} (one row per name of {@code features.events}),
 * {@code ceip_error} (one per fingerprint of {@code errors}) and {@code ceip_duration} (one per operation of
 * {@code durations}), each with the report's ID, installation and {@code received_at}, so the fleet view reads a
 * time window of one table with no join. Values from reports are hostile: names are cut to {@value #NAME_CHARS}
 * characters (exception types to {@value #EXCEPTION_CHARS}) with control and format characters replaced by
 * {@code ?}; at most {@value #MAX_ROWS} rows per table and report, and only the names {@link EventNames} takes for
 * the day (further features and errors are added to {@code other}, further operations are not kept); a count is a
 * whole number from 0 to {@value EventValues#MAX_COUNT}, a count sent as a range ({@code ceip.redaction.bin-counts}:
 * {@code 6-10}, {@code >1000}) is taken at its lower bound, and a time from 0 to {@link Integer#MAX_VALUE} ms.
 */
final class EventRows {

    static final int NAME_CHARS = 100;
    static final int EXCEPTION_CHARS = 300;
    static final int MAX_ROWS = 1000;
    
    private static final String COMMON = "report_id VARCHAR(36) NOT NULL, installation_id VARCHAR(36) NOT NULL,"
            + " received_at TIMESTAMP WITH TIME ZONE NOT NULL, ";

    private EventRows() {
    }

    /** The three tables, in the order of their rows' inserts. */
    static final List<String> TABLES = List.of("ceip_feature_use", "ceip_error", "ceip_duration");

    /**
     * The tables and their window indexes: on H2 plain tables with a B-tree index on {@code received_at}; on
     * PostgreSQL tables partitioned by month as {@code ceip_report} ({@link Partitions}: retention drops whole
     * months), each with a BRIN index (rows arrive in time order: a few pages per partition).
     */
    static String[] ddl(boolean postgres) {
        String[] columns = {
            "ceip_feature_use (" + COMMON + "feature VARCHAR(" + NAME_CHARS + ") NOT NULL, uses BIGINT NOT NULL)",
            "ceip_error (" + COMMON + "fingerprint VARCHAR(16) NOT NULL, exception_type VARCHAR(" + EXCEPTION_CHARS
                + ") NOT NULL, occurrences BIGINT NOT NULL)",
            "ceip_duration (" + COMMON + "operation VARCHAR(" + NAME_CHARS + ") NOT NULL, runs BIGINT NOT NULL,"
                + " p50_ms INTEGER NOT NULL, p90_ms INTEGER NOT NULL, p99_ms INTEGER NOT NULL, max_ms INTEGER NOT NULL)"};
        List<String> ddl = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            String table = TABLES.get(i);
            ddl.add("CREATE TABLE IF NOT EXISTS " + columns[i] + (postgres ? " PARTITION BY RANGE (received_at)" : ""));
            ddl.add("CREATE INDEX IF NOT EXISTS " + table + "_received ON " + table + (postgres ? " USING BRIN" : "")
                    + " (received_at)");
        }
        return ddl.toArray(String[]::new);
    }

    /** True when the report has any of the three members (then its rows share a transaction with the report's). */
    static boolean any(Report report) {
        JsonNode tree = report.tree();
        return tree.path("features").path("events").size() > 0 || tree.path("errors").size() > 0
                || tree.path("durations").size() > 0;
    }

    /**
     * Inserts the report's event rows on {@code connection} (in the caller's transaction), each name as
     * {@code names} takes it for the day of {@code receivedAt}; answers them for the roll-ups ({@link EventRollups}).
     */
    static List<EventRollups.Event> insert(Connection connection, Report report, Timestamp receivedAt,
            EventNames names) throws SQLException {
        JsonNode tree = report.tree();
        EventNames.Report admission = names.report(Math.floorDiv(receivedAt.getTime(), 86_400_000L));
        Map<String, Long> features = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> events = tree.path("features").path("events").fields();
        while (events.hasNext()) {
            Map.Entry<String, JsonNode> event = events.next();
            long uses = EventValues.count(event.getValue());
            if (uses >= 0) {
                String feature = room(features, EventValues.clean(event.getKey(), NAME_CHARS));
                if (!feature.equals("other") && !features.containsKey(feature)
                        && !admission.admit(EventNames.Kind.FEATURE, feature)) {
                    feature = "other";
                }
                features.merge(feature, uses, EventValues::add);
            }
        }
        Map<String, Object[]> errors = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fingerprints = tree.path("errors").fields();
        while (fingerprints.hasNext()) {
            Map.Entry<String, JsonNode> error = fingerprints.next();
            long occurrences = EventValues.count(error.getValue().path("count"));
            if (occurrences < 0) {
                continue;
            }
            String fingerprint = room(errors, EventValues.clean(error.getKey(), 16));
            String type = EventValues.clean(error.getValue().path("exception").asText("other"), EXCEPTION_CHARS);
            if (!fingerprint.equals("other") && !errors.containsKey(fingerprint)
                    && !admission.admit(EventNames.Kind.ERROR, fingerprint + '\n' + type)) {
                fingerprint = "other";
            }
            type = fingerprint.equals("other") ? "other" : type;
            errors.merge(fingerprint, new Object[] {type, occurrences},
                    (was, more) -> new Object[] {was[0], EventValues.add((Long) was[1], (Long) more[1])});
        }
        Map<String, long[]> durations = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> operations = tree.path("durations").fields();
        while (operations.hasNext() && durations.size() < MAX_ROWS) {
            Map.Entry<String, JsonNode> operation = operations.next();
            JsonNode d = operation.getValue();
            long runs = EventValues.count(d.path("count"));
            String name = EventValues.clean(operation.getKey(), NAME_CHARS);
            if (runs >= 0 && !durations.containsKey(name) && admission.admit(EventNames.Kind.OPERATION, name)) {
                durations.putIfAbsent(name, new long[] {runs, EventValues.millis(d.path("p50")),
                    EventValues.millis(d.path("p90")), EventValues.millis(d.path("p99")),
                    EventValues.millis(d.path("max"))});
            }
        }
        batch(connection, report, receivedAt, "ceip_feature_use (report_id, installation_id, received_at, feature,"
                + " uses) VALUES (?, ?, ?, ?, ?)", features, (insert, uses) -> insert.setLong(5, uses));
        batch(connection, report, receivedAt, "ceip_error (report_id, installation_id, received_at, fingerprint,"
                + " exception_type, occurrences) VALUES (?, ?, ?, ?, ?, ?)", errors, (insert, error) -> {
                    insert.setString(5, (String) error[0]);
                    insert.setLong(6, (Long) error[1]);
                });
        batch(connection, report, receivedAt, "ceip_duration (report_id, installation_id, received_at, operation,"
                + " runs, p50_ms, p90_ms, p99_ms, max_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", durations,
                (insert, d) -> {
                    insert.setLong(5, d[0]);
                    for (int i = 1; i < 5; i++) {
                        insert.setInt(5 + i, (int) d[i]);
                    }
                });
        List<EventRollups.Event> taken = new ArrayList<>();
        features.forEach((name, uses) -> taken.add(new EventRollups.Event("f", name, "", uses, null)));
        errors.forEach((name, e) -> taken.add(new EventRollups.Event("e", name, (String) e[0], (Long) e[1],
                null)));
        durations.forEach((name, d) -> taken.add(new EventRollups.Event("d", name, "", d[0], d)));
        return taken;
    }

    /** Sets a row's values from the fifth parameter on (the first four are the report's and the key). */
    private interface Values<T> {
        void set(PreparedStatement insert, T value) throws SQLException;
    }

    /** One batch insert of {@code rows} (nothing when empty): {@code INSERT INTO <into>}. */
    private static <T> void batch(Connection connection, Report report, Timestamp receivedAt, String into,
            Map<String, T> rows, Values<T> values) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + into)) {
            for (Map.Entry<String, T> row : rows.entrySet()) {
                insert.setString(1, report.reportId());
                insert.setString(2, report.installationId());
                insert.setTimestamp(3, receivedAt);
                insert.setString(4, row.getKey());
                values.set(insert, row.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** {@code name}, or {@code other} when the map is full (one row is kept free for {@code other}). */
    private static String room(Map<String, ?> rows, String name) {
        return rows.containsKey(name) || rows.size() < MAX_ROWS - 1 ? name : "other";
    }

    /**
     * Seeds {@code names} with the names stored since the start of the day {@value EventNames#DAYS_KEPT} days before
     * {@code now}'s (UTC), each with the last and the first day it was stored ({@link ReportStore#seedEventNames}).
     */
    static void seed(Connection connection, Instant now, EventNames names) throws SQLException {
        long today = Math.floorDiv(now.toEpochMilli(), 86_400_000L);
        Timestamp from = new Timestamp((today - EventNames.DAYS_KEPT + 1) * 86_400_000L);
        String[] queries = {
            "SELECT feature, MAX(received_at), MIN(received_at) FROM ceip_feature_use WHERE received_at >= ?"
                + " AND feature <> 'other' GROUP BY feature",
            "SELECT fingerprint || CHR(10) || exception_type, MAX(received_at), MIN(received_at) FROM ceip_error"
                + " WHERE received_at >= ? AND fingerprint <> 'other' GROUP BY fingerprint, exception_type",
            "SELECT operation, MAX(received_at), MIN(received_at) FROM ceip_duration WHERE received_at >= ?"
                + " GROUP BY operation"};
        EventNames.Kind[] kinds = {EventNames.Kind.FEATURE, EventNames.Kind.ERROR, EventNames.Kind.OPERATION};
        for (int i = 0; i < queries.length; i++) {
            try (PreparedStatement select = connection.prepareStatement(queries[i])) {
                select.setTimestamp(1, from);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        names.seed(Math.floorDiv(rows.getTimestamp(2).getTime(), 86_400_000L),
                                Math.floorDiv(rows.getTimestamp(3).getTime(), 86_400_000L), kinds[i], null,
                                rows.getString(1));
                    }
                }
            }
        }
    }

    /** Deletes the event rows received before {@code cutoff} from the three tables (H2); answers how many. */
    static int deleteBefore(Connection connection, Instant cutoff) throws SQLException {
        int deleted = 0;
        for (String table : TABLES) {
            deleted += RangeBatches.receivedBefore(connection, table, Timestamp.from(cutoff));
        }
        return deleted;
    }
}
