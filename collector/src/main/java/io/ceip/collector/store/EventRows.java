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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's events as rows of three child tables, written in the report's own transaction (so a report refused
 * as a duplicate adds none): {@code ceip_feature_use} (one row per name of {@code features.events}),
 * {@code ceip_error} (one per fingerprint of {@code errors}) and {@code ceip_duration} (one per operation of
 * {@code durations}), each with the report's ID, installation and {@code received_at}, so the fleet view reads a
 * time window of one table with no join. Values from reports are hostile: names are cut to {@value #NAME_CHARS}
 * characters (exception types to {@value #EXCEPTION_CHARS}) with control and format characters replaced by
 * {@code ?}; at most {@value #MAX_ROWS} rows per table and report, and only the names {@link EventNames} takes for
 * the day (further features and errors are added to {@code other}, further operations are not kept); a count is a
 * whole number from 0 to {@value #MAX_COUNT}, a count sent as a range ({@code ceip.redaction.bin-counts}:
 * {@code 6-10}, {@code >1000}) is taken at its lower bound, and a time from 0 to {@link Integer#MAX_VALUE} ms.
 */
final class EventRows {

    static final int NAME_CHARS = 100;
    static final int EXCEPTION_CHARS = 300;
    static final int MAX_ROWS = 1000;
    static final long MAX_COUNT = 1_000_000_000_000L;

    private static final String COMMON = "report_id VARCHAR(36) NOT NULL, installation_id VARCHAR(36) NOT NULL,"
            + " received_at TIMESTAMP WITH TIME ZONE NOT NULL, ";
    private static final Pattern RANGE = Pattern.compile("(\\d{1,15})(?:-\\d{1,15})?|>(\\d{1,15})");

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
     * {@code names} takes it for the day of {@code receivedAt}.
     */
    static void insert(Connection connection, Report report, Timestamp receivedAt, EventNames names)
            throws SQLException {
        JsonNode tree = report.tree();
        EventNames.Report admission = names.report(Math.floorDiv(receivedAt.getTime(), 86_400_000L));
        Map<String, Long> features = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> events = tree.path("features").path("events").fields();
        while (events.hasNext()) {
            Map.Entry<String, JsonNode> event = events.next();
            long uses = count(event.getValue());
            if (uses >= 0) {
                String feature = room(features, clean(event.getKey(), NAME_CHARS));
                if (!feature.equals("other") && !features.containsKey(feature)
                        && !admission.admit(EventNames.Kind.FEATURE, feature)) {
                    feature = "other";
                }
                features.merge(feature, uses, EventRows::add);
            }
        }
        Map<String, Object[]> errors = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fingerprints = tree.path("errors").fields();
        while (fingerprints.hasNext()) {
            Map.Entry<String, JsonNode> error = fingerprints.next();
            long occurrences = count(error.getValue().path("count"));
            if (occurrences < 0) {
                continue;
            }
            String fingerprint = room(errors, clean(error.getKey(), 16));
            String type = clean(error.getValue().path("exception").asText("other"), EXCEPTION_CHARS);
            if (!fingerprint.equals("other") && !errors.containsKey(fingerprint)
                    && !admission.admit(EventNames.Kind.ERROR, fingerprint + '\n' + type)) {
                fingerprint = "other";
            }
            type = fingerprint.equals("other") ? "other" : type;
            errors.merge(fingerprint, new Object[] {type, occurrences},
                    (was, more) -> new Object[] {was[0], add((Long) was[1], (Long) more[1])});
        }
        Map<String, long[]> durations = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> operations = tree.path("durations").fields();
        while (operations.hasNext() && durations.size() < MAX_ROWS) {
            Map.Entry<String, JsonNode> operation = operations.next();
            JsonNode d = operation.getValue();
            long runs = count(d.path("count"));
            String name = clean(operation.getKey(), NAME_CHARS);
            if (runs >= 0 && !durations.containsKey(name) && admission.admit(EventNames.Kind.OPERATION, name)) {
                durations.putIfAbsent(name, new long[] {runs, millis(d.path("p50")),
                    millis(d.path("p90")), millis(d.path("p99")), millis(d.path("max"))});
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

    /**
     * A count as the agent sends it: a whole number, or a range's lower bound ({@code 0}, {@code 1-5},
     * {@code >1000} counts 1001); at most {@value #MAX_COUNT}; -1 for anything else (not kept).
     */
    static long count(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? Math.min(Math.max(value.longValue(), 0), MAX_COUNT)
                    : value.bigIntegerValue().signum() < 0 ? 0 : MAX_COUNT;
        }
        if (value.isTextual()) {
            Matcher range = RANGE.matcher(value.asText());
            if (range.matches()) {
                return Math.min(range.group(1) != null ? Long.parseLong(range.group(1))
                        : Long.parseLong(range.group(2)) + 1, MAX_COUNT);
            }
        }
        return -1;
    }

    /** A time in ms: 0 .. Integer.MAX_VALUE (a missing or negative one is 0). */
    private static long millis(JsonNode value) {
        if (!value.isIntegralNumber()) {
            return 0;
        }
        return value.canConvertToLong() ? Math.min(Math.max(value.longValue(), 0), Integer.MAX_VALUE)
                : value.bigIntegerValue().signum() < 0 ? 0 : Integer.MAX_VALUE;
    }

    /** {@code name}, or {@code other} when the map is full (one row is kept free for {@code other}). */
    private static String room(Map<String, ?> rows, String name) {
        return rows.containsKey(name) || rows.size() < MAX_ROWS - 1 ? name : "other";
    }

    private static long add(long a, long b) {
        return Math.min(a + b, MAX_COUNT);
    }

    /**
     * At most {@code max} characters (never half a surrogate pair), control and format characters (line and
     * paragraph separators, bidi overrides and isolates, zero widths) as {@code ?}.
     */
    static String clean(String text, int max) {
        String cut = text.length() <= max ? text : text.substring(0, Character.isHighSurrogate(text.charAt(max - 1))
                ? max - 1 : max);
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR || Character.getType(c) == Character.FORMAT
                ? '?' : c));
        return out.toString();
    }

    /**
     * Seeds {@code names} with the names stored since the start of the day {@value EventNames#DAYS_KEPT} days before
     * {@code now}'s (UTC), each with the day it was first stored ({@link ReportStore#seedEventNames}).
     */
    static void seed(Connection connection, Instant now, EventNames names) throws SQLException {
        long today = Math.floorDiv(now.toEpochMilli(), 86_400_000L);
        Timestamp from = new Timestamp((today - EventNames.DAYS_KEPT + 1) * 86_400_000L);
        String[] queries = {
            "SELECT feature, MIN(received_at) FROM ceip_feature_use WHERE received_at >= ? AND feature <> 'other'"
                + " GROUP BY feature",
            "SELECT fingerprint || CHR(10) || exception_type, MIN(received_at) FROM ceip_error WHERE received_at >= ?"
                + " AND fingerprint <> 'other' GROUP BY fingerprint, exception_type",
            "SELECT operation, MIN(received_at) FROM ceip_duration WHERE received_at >= ? GROUP BY operation"};
        EventNames.Kind[] kinds = {EventNames.Kind.FEATURE, EventNames.Kind.ERROR, EventNames.Kind.OPERATION};
        for (int i = 0; i < queries.length; i++) {
            try (PreparedStatement select = connection.prepareStatement(queries[i])) {
                select.setTimestamp(1, from);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        names.seed(Math.floorDiv(rows.getTimestamp(2).getTime(), 86_400_000L), kinds[i],
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
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE received_at < ?")) {
                delete.setTimestamp(1, Timestamp.from(cutoff));
                deleted += delete.executeUpdate();
            }
        }
        return deleted;
    }
}
