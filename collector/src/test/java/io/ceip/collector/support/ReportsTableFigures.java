package io.ceip.collector.support;

import io.ceip.collector.fleet.FleetQueries;
import io.ceip.collector.fleet.Figure;
import io.ceip.collector.fleet.QueryDeadline;
import io.ceip.collector.fleet.UsageQueries;
import io.ceip.collector.store.ReportStore;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The fleet figures as the collector computed them before the installation tables: straight from every report of
 * the window ({@code ceip_report}, {@code ceip_usage}), the queries of 2026-12-06 kept as the reference; and a fleet
 * fixture on which that definition and the installation tables must agree: installations whose values do not change,
 * reporting on several days (stored out of time order within a few hours, some twice), none on the window's first
 * day.
 */
public final class ReportsTableFigures {

    private static final String[] OS = {"Linux", "Windows", "Mac OS X", null};
    private static final String[] JAVA = {"17.0.15", "21.0.7", "25"};
    private static final String[] DB = {"PostgreSQL", "H2", "MariaDB"};

    private ReportsTableFigures() {
    }

    /** Every figure the installation tables answer, by name, as {@link FleetQueries} and {@link UsageQueries} give. */
    public static Map<String, Object> current(String url, String user, int windowDays) throws SQLException {
        FleetQueries queries = new FleetQueries(url, user, "", windowDays);
        Map<String, Object> figures = new LinkedHashMap<>();
        for (Figure figure : Figure.values()) {
            if (figure.counting() && figure != Figure.PRODUCT_VERSIONS) {
                figures.put(figure.figureName(), queries.figure(figure, QueryDeadline.in(60)));
            }
        }
        List<List<Object>> versions = new ArrayList<>();
        for (FleetQueries.ProductVersion row : queries.productVersions(QueryDeadline.in(60))) {
            versions.add(java.util.Arrays.asList(row.product(), row.version(), row.installations()));
        }
        figures.put("product-versions", versions);
        figures.put("usage", new UsageQueries(url, user, "", windowDays, 20).usage(QueryDeadline.in(60)));
        return figures;
    }

    /** The same figures by the definition over every report of the window. */
    public static Map<String, Object> fromReports(String url, String user, int windowDays) throws SQLException {
        Map<String, Object> figures = new LinkedHashMap<>();
        Timestamp from = Timestamp.from(Instant.now().minus(Duration.ofDays(windowDays)));
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            try (Statement zone = connection.createStatement()) {
                zone.execute("SET TIME ZONE 'UTC'");
            }
            figures.put("active-installations", counts(connection, "SELECT v, COUNT(DISTINCT installation_id) AS n"
                    + " FROM (SELECT CAST(received_at AS DATE) AS v, installation_id FROM ceip_report WHERE"
                    + " received_at >= ?) t GROUP BY v ORDER BY v", from));
            for (String[] figure : new String[][] {{"operating-systems", "os_name"},
                {"java-versions", "java_version"}, {"database-vendors", "db_vendor"},
                {"consent-levels", "consent_level"}}) {
                figures.put(figure[0], counts(connection, "SELECT v, COUNT(DISTINCT installation_id) AS n FROM"
                        + " (SELECT COALESCE(" + figure[1] + ", 'unknown') AS v, installation_id FROM ceip_report"
                        + " WHERE received_at >= ?) t GROUP BY v ORDER BY n DESC, v FETCH FIRST 50 ROWS ONLY", from));
            }
            List<List<Object>> versions = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT product_name, product_version,"
                    + " COUNT(DISTINCT installation_id) AS n FROM ceip_report WHERE received_at >= ? GROUP BY"
                    + " product_name, product_version ORDER BY n DESC, product_name NULLS LAST,"
                    + " product_version NULLS LAST FETCH FIRST 50 ROWS ONLY")) {
                statement.setTimestamp(1, from);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        versions.add(java.util.Arrays.asList(rows.getString(1), rows.getString(2), rows.getLong(3)));
                    }
                }
            }
            figures.put("product-versions", versions);
            figures.put("usage", usage(connection, from));
        }
        return figures;
    }

    private static Map<String, Long> counts(Connection connection, String sql, Timestamp from) throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, from);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return values;
    }

    private static List<UsageQueries.UsageRow> usage(Connection connection, Timestamp from) throws SQLException {
        List<UsageQueries.UsageRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT product_name, source, usage_key, i,"
                + " s, p50, p90, m FROM (SELECT l.product_name, u.source, u.usage_key, COUNT(*) AS i,"
                + " SUM(u.amount) AS s, PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY u.amount) AS p50,"
                + " PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY u.amount) AS p90, MAX(u.amount) AS m,"
                + " ROW_NUMBER() OVER (PARTITION BY l.product_name, u.source ORDER BY COUNT(*) DESC, u.usage_key)"
                + " AS k FROM (SELECT report_id, received_at, product_name, ROW_NUMBER() OVER (PARTITION BY"
                + " installation_id ORDER BY received_at DESC, report_id DESC) AS r FROM ceip_report"
                + " WHERE received_at >= ?) l JOIN ceip_usage u ON u.report_id = l.report_id"
                + " AND u.received_at = l.received_at WHERE l.r = 1 AND u.received_at >= ?"
                + " GROUP BY l.product_name, u.source, u.usage_key) t WHERE k <= 20"
                + " ORDER BY product_name NULLS LAST, source DESC, k FETCH FIRST 2000 ROWS ONLY")) {
            statement.setTimestamp(1, from);
            statement.setTimestamp(2, from);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String source = result.getString(2).equals("counts") ? "features.counts" : result.getString(2);
                    rows.add(new UsageQueries.UsageRow(result.getString(1), source, result.getString(3),
                            result.getLong(4), result.getLong(5), result.getLong(6), result.getLong(7),
                            result.getLong(8)));
                }
            }
        }
        return rows;
    }

    /**
     * Feeds {@code installations} installations (seeded), each 1 to 6 reports on days 1 to {@code windowDays} − 2 ago
     * and a few before the window, shuffled in groups of eight, every fifth report stored twice; usage differs per
     * report.
     *
     * @return the reports stored (not counting the repeats)
     */
    public static int feed(ReportStore store, int installations, int windowDays, long seed) throws SQLException {
        Random random = new Random(seed);
        Instant now = Instant.now();
        List<Object[]> reports = new ArrayList<>();
        for (int i = 0; i < installations; i++) {
            String installation = new UUID(seed, i).toString();
            String product = i % 5 == 0 ? "Other Product" : Reports.PRODUCT;
            String version = "1." + (i % 3) + ".0";
            String consent = i % 4 == 0 ? "full" : "basic";
            int n = 1 + random.nextInt(6);
            for (int r = 0; r < n; r++) {
                long minutesAgo = i % 9 == 0 && r == 0 ? (windowDays + 3) * 1440L
                        : 1440L * (1 + random.nextInt(windowDays - 2)) + random.nextInt(1440);
                String usage = "\"usage\":{\"hosts\":" + random.nextInt(100) + (random.nextBoolean() ? ",\"users\":"
                        + random.nextInt(1000) : "") + (consent.equals("full") ? "},\"features\":{\"counts\":"
                        + "{\"exports\":" + random.nextInt(50) + "}" : "") + "}";
                String json = Reports.report(1, UUID.randomUUID().toString(), installation, consent, product, version,
                        OS[i % OS.length], JAVA[i % JAVA.length], DB[i % DB.length]).replace("\"usage\":{\"hosts\":12}",
                        usage).replace("\"osName\":\"null\"", "\"osName\":null");
                reports.add(new Object[] {Reports.utf8(json), now.minus(Duration.ofMinutes(minutesAgo)).toEpochMilli()});
            }
        }
        // out of time order, but within a few hours: a day older than the store's last three is no new column value
        reports.sort(java.util.Comparator.comparingLong(report -> (Long) report[1]));
        for (int i = 0; i + 8 <= reports.size(); i += 8) {
            java.util.Collections.shuffle(reports.subList(i, i + 8), random);
        }
        for (int i = 0; i < reports.size(); i++) {
            store.store((byte[]) reports.get(i)[0], (Long) reports.get(i)[1]);
            if (i % 5 == 0) {
                store.store((byte[]) reports.get(i)[0], (Long) reports.get(i)[1] + 1000);
            }
        }
        return reports.size();
    }
}
