package io.ceip.collector.support;

import io.ceip.collector.fleet.EventQueries;
import io.ceip.collector.fleet.QueryDeadline;
import io.ceip.collector.store.ReportStore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The event figures as the collector computed them before the daily roll-ups: straight from every event row of the
 * window ({@code ceip_feature_use}, {@code ceip_error}, {@code ceip_duration}), the queries of 2026-12-06 kept as the
 * reference; and a fleet fixture with events on which both must agree (none on the window's first day, which the
 * roll-ups read whole).
 */
public final class EventRowsFigures {

    private static final String[] FEATURES = {"dashboards.open", "reports.export", "alerts.mute", "search",
        "<b>markup</b>", "other", "api.calls", "backup"};
    private static final String[] FINGERPRINTS = {"5364321012a19296", "0123456789abcdef", "fedcba9876543210"};
    private static final String[] EXCEPTIONS = {"java.lang.IllegalStateException", "java.io.IOException"};
    private static final String[] OPERATIONS = {"deploy", "sync", "report.render"};

    private EventRowsFigures() {
    }

    /** Feature use (its uses by day and installations), top errors and durations, as {@link EventQueries} gives. */
    public static Map<String, Object> current(String url, String user, int windowDays) throws SQLException {
        EventQueries events = new EventQueries(url, user, "", windowDays, 20);
        EventQueries.FeatureUse use = events.featureUse(QueryDeadline.in(60));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("feature-use", use.uses());
        figures.put("feature-installations", use.installations());
        figures.put("top-errors", events.topErrors(QueryDeadline.in(60)));
        figures.put("operation-durations", events.operationDurations(QueryDeadline.in(60)));
        return figures;
    }

    /** The same figures by the definition over every event row of the window (days at UTC). */
    public static Map<String, Object> fromEventRows(String url, String user, int windowDays) throws SQLException {
        Timestamp from = Timestamp.from(Instant.now().minus(Duration.ofDays(windowDays)));
        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, Long> installations = new LinkedHashMap<>();
        Map<String, Map<String, Long>> uses = new LinkedHashMap<>();
        List<EventQueries.ErrorRow> errors = new ArrayList<>();
        List<EventQueries.DurationRow> durations = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            try (Statement zone = connection.createStatement()) {
                zone.execute("SET TIME ZONE 'UTC'");
            }
            rows(connection, "SELECT feature, COUNT(DISTINCT installation_id) AS i, SUM(uses) AS n FROM"
                    + " ceip_feature_use WHERE received_at >= ? GROUP BY feature ORDER BY i DESC, n DESC, feature"
                    + " FETCH FIRST 20 ROWS ONLY", from, rows -> {
                        installations.put(rows.getString(1), rows.getLong(2));
                        uses.put(rows.getString(1), new TreeMap<>());
                    });
            rows(connection, "SELECT feature, CAST(received_at AS DATE) AS d, SUM(uses) FROM ceip_feature_use WHERE"
                    + " received_at >= ? GROUP BY feature, CAST(received_at AS DATE)", from, rows -> {
                        if (uses.containsKey(rows.getString(1))) {
                            uses.get(rows.getString(1)).put(rows.getString(2), rows.getLong(3));
                        }
                    });
            rows(connection, "SELECT fingerprint, exception_type, SUM(occurrences) AS n, COUNT(DISTINCT"
                    + " installation_id) AS i FROM ceip_error WHERE received_at >= ? GROUP BY fingerprint,"
                    + " exception_type ORDER BY i DESC, n DESC, fingerprint, exception_type FETCH FIRST 20 ROWS ONLY",
                    from, rows -> errors.add(new EventQueries.ErrorRow(rows.getString(1), rows.getString(2),
                            rows.getLong(3), rows.getLong(4))));
            rows(connection, "SELECT operation, SUM(runs) AS n, COUNT(DISTINCT installation_id) AS i,"
                    + " SUM(CAST(runs AS DECIMAL(38, 0)) * p50_ms), SUM(CAST(runs AS DECIMAL(38, 0)) * p90_ms),"
                    + " SUM(CAST(runs AS DECIMAL(38, 0)) * p99_ms), MAX(p99_ms), MAX(max_ms) FROM ceip_duration"
                    + " WHERE received_at >= ? GROUP BY operation ORDER BY i DESC, n DESC, operation"
                    + " FETCH FIRST 20 ROWS ONLY", from, rows -> {
                        BigDecimal runs = rows.getBigDecimal(2);
                        durations.add(new EventQueries.DurationRow(rows.getString(1), rows.getLong(2),
                                rows.getLong(3), mean(rows.getBigDecimal(4), runs), mean(rows.getBigDecimal(5), runs),
                                mean(rows.getBigDecimal(6), runs), rows.getLong(7), rows.getLong(8)));
                    });
        }
        figures.put("feature-use", uses);
        figures.put("feature-installations", installations);
        figures.put("top-errors", errors);
        figures.put("operation-durations", durations);
        return figures;
    }

    private interface Row {
        void read(ResultSet rows) throws SQLException;
    }

    private static void rows(Connection connection, String sql, Timestamp from, Row row) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, from);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    row.read(rows);
                }
            }
        }
    }

    private static long mean(BigDecimal weighted, BigDecimal runs) {
        return runs == null || runs.signum() == 0 || weighted == null ? 0
                : weighted.divide(runs, 0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * Feeds {@code installations} installations (seeded), each 1 to 6 reports on days 1 to {@code windowDays} − 2 ago
     * and a few before the window, each with some of eight features (one count sent as a range), errors of three
     * fingerprints under two exception types, and durations of three operations; shuffled in groups of eight (a
     * report may arrive after a later one of its installation), every fifth stored twice.
     *
     * @return the reports stored (not counting the repeats)
     */
    public static int feed(ReportStore store, int installations, int windowDays, long seed) throws SQLException {
        Random random = new Random(seed);
        Instant now = Instant.now();
        List<Object[]> reports = new ArrayList<>();
        for (int i = 0; i < installations; i++) {
            String installation = new UUID(seed, i).toString();
            int n = 1 + random.nextInt(6);
            for (int r = 0; r < n; r++) {
                long minutesAgo = i % 9 == 0 && r == 0 ? (windowDays + 3) * 1440L
                        : 1440L * (1 + random.nextInt(windowDays - 2)) + random.nextInt(1440);
                String json = Reports.report(UUID.randomUUID().toString(), installation)
                        .replace("\"partial\":", events(random) + "\"partial\":");
                reports.add(new Object[] {Reports.utf8(json),
                    now.minus(Duration.ofMinutes(minutesAgo)).toEpochMilli()});
            }
        }
        reports.sort(java.util.Comparator.comparingLong(report -> (Long) report[1]));
        for (int i = 0; i + 8 <= reports.size(); i += 8) {
            Collections.shuffle(reports.subList(i, i + 8), random);
        }
        for (int i = 0; i < reports.size(); i++) {
            store.store((byte[]) reports.get(i)[0], (Long) reports.get(i)[1]);
            if (i % 5 == 0) {
                store.store((byte[]) reports.get(i)[0], (Long) reports.get(i)[1] + 1000);
            }
        }
        return reports.size();
    }

    /** The events members of one report (some of each kind, or none), each followed by a comma. */
    public static String events(Random random) {
        StringBuilder json = new StringBuilder("\"features\":{\"events\":{");
        for (String feature : FEATURES) {
            if (random.nextInt(3) == 0) {
                json.append('"').append(feature).append("\":").append(random.nextInt(20) == 0 ? "\"6-10\""
                        : String.valueOf(random.nextInt(40))).append(',');
            }
        }
        json.setLength(json.length() - (json.charAt(json.length() - 1) == ',' ? 1 : 0));
        json.append("}},\"errors\":{");
        for (String fingerprint : FINGERPRINTS) {
            if (random.nextInt(3) == 0) {
                json.append('"').append(fingerprint).append("\":{\"exception\":\"")
                        .append(EXCEPTIONS[random.nextInt(EXCEPTIONS.length)]).append("\",\"count\":")
                        .append(1 + random.nextInt(9)).append("},");
            }
        }
        json.setLength(json.length() - (json.charAt(json.length() - 1) == ',' ? 1 : 0));
        json.append("},\"durations\":{");
        for (String operation : OPERATIONS) {
            if (random.nextInt(2) == 0) {
                int p50 = 1 + random.nextInt(500);
                json.append('"').append(operation).append("\":{\"count\":").append(1 + random.nextInt(30))
                        .append(",\"p50\":").append(p50).append(",\"p90\":").append(p50 * 2).append(",\"p99\":")
                        .append(p50 * 3 + random.nextInt(100)).append(",\"max\":").append(p50 * 5).append("},");
            }
        }
        json.setLength(json.length() - (json.charAt(json.length() - 1) == ',' ? 1 : 0));
        return json.append("},").toString();
    }
}
