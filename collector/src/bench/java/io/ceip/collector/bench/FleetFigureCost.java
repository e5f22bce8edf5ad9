package io.ceip.collector.bench;

import io.ceip.collector.fleet.EventQueries;
import io.ceip.collector.fleet.FleetQueries;
import io.ceip.collector.fleet.FleetView;
import io.ceip.collector.intake.FloodGuard;
import io.ceip.collector.store.ReportStore;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the fleet view's figures cost on a store of many reports: loads {@code reports} reports of
 * {@code installations} installations spread over the last 29 days straight into {@code ceip_report} and
 * {@code ceip_usage} (two usage keys each) and the event tables (three features, one error, two operations each;
 * set-based SQL, not the sink), makes the store's schema again (a collector
 * with installation tables fills them from the reports: timed), then times each figure's JSON and the page through
 * {@link FleetView} ({@code runs} times each), and the sink storing {@code stored} more reports one by one (with
 * events), today and again (the same installations) a day later.
 * <pre>
 * java -cp ... io.ceip.collector.bench.FleetFigureCost h2|postgres REPORTS INSTALLATIONS RUNS STORED
 * </pre>
 */
public final class FleetFigureCost {

    private static final String TOKEN = "fleet-figure-cost-token-0123";
    private static final String[] FIGURES = {"active-installations", "product-versions", "operating-systems",
        "java-versions", "database-vendors", "consent-levels", "usage", "feature-use", "top-errors",
        "operation-durations"};

    private FleetFigureCost() {
    }

    public static void main(String[] args) throws Exception {
        boolean postgres = args[0].equals("postgres");
        int reports = Integer.parseInt(args[1]);
        int installations = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        int stored = Integer.parseInt(args[4]);
        Path dir = Files.createTempDirectory("fleet-cost");
        EmbeddedPostgres engine = postgres ? EmbeddedPostgres.builder().start() : null;
        String url = postgres ? "jdbc:postgresql://127.0.0.1:" + engine.getPort() + "/postgres"
                : "jdbc:h2:file:" + dir.resolve("c").toAbsolutePath();
        String user = postgres ? "postgres" : "ceip";
        try (ReportStore store = new ReportStore(url, user, "", 2000, 200)) {
            store.createSchema();
            store.maintain(Instant.now().minus(Duration.ofDays(40)), null); // the partitions of the last month
            store.maintain(Instant.now(), null);
            long t = System.nanoTime();
            load(url, user, postgres, reports, installations);
            System.out.printf("loaded %,d reports of %,d installations in %.1f s%n", reports, installations,
                    (System.nanoTime() - t) / 1e9);
            try (Connection connection = DriverManager.getConnection(url, user, "");
                    Statement statement = connection.createStatement()) {
                for (String table : new String[] {"ceip_active_day", "ceip_installation_usage", "ceip_installation",
                    "ceip_event_day", "ceip_installation_event"}) {
                    statement.execute("DROP TABLE IF EXISTS " + table);
                }
            }
            t = System.nanoTime();
            store.createSchema();
            System.out.printf("schema made again (installation tables filled, where the collector has them)"
                    + " in %.1f s%n", (System.nanoTime() - t) / 1e9);
            if (postgres) { // the tables the fill made get their statistics, as autovacuum gives them within a minute
                try (Connection connection = DriverManager.getConnection(url, user, "");
                        Statement statement = connection.createStatement()) {
                    statement.execute("ANALYZE");
                }
            }
            FleetView fleet = new FleetView(new FleetQueries(url, user, "", 30), new EventQueries(url, user, "", 30,
                    20), TOKEN, new FloodGuard(0), 600, 1000);
            for (String figure : FIGURES) {
                time(figure + ".json", runs, () -> fleet.json("Bearer " + TOKEN, figure + ".json", null));
            }
            time("/fleet (page, every figure)", runs, () -> fleet.page("Bearer " + TOKEN, null));
            long base = System.currentTimeMillis();
            for (int pass = 0; pass < 2; pass++) { // today (after the fill), then the same installations tomorrow
                List<byte[]> more = new ArrayList<>();
                for (int i = 0; i < stored; i++) {
                    more.add(report(i, installations));
                }
                t = System.nanoTime();
                for (byte[] report : more) {
                    store.store(report, base + pass * 86_400_000L);
                }
                System.out.printf("sink, %s: %,d reports stored one by one, %.2f ms a report%n", pass == 0 ? "today"
                        : "the same installations a day later", stored,
                        (System.nanoTime() - t) / 1e6 / Math.max(1, stored));
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }

    private interface Call {
        String run() throws Exception;
    }

    private static void time(String name, int runs, Call call) throws Exception {
        List<String> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            call.run();
            times.add(String.format("%.2f", (System.nanoTime() - t) / 1e9));
        }
        System.out.printf("%-32s %s s%n", name, String.join(" / ", times));
    }

    /** Report {@code i}, of installation {@code i} mod {@code installations}: three features, an error, 2 operations */
    private static byte[] report(int i, int installations) {
        return ("{\"schemaVersion\":1,\"reportId\":\"" + UUID.randomUUID() + "\",\"installationId\":\""
                + installation(i % installations) + "\",\"generatedAt\":\"2026-12-06T19:38:59Z\","
                + "\"consentLevel\":\"full\",\"product\":{\"name\":\"Demo Monitoring\",\"version\":\"1.0.0\"},"
                + "\"environment\":{\"osName\":\"Linux\",\"javaVersion\":\"17.0.15\"},\"database\":"
                + "{\"vendor\":\"H2\"},\"usage\":{\"hosts\":" + i + ",\"users\":3},\"features\":{\"events\":"
                + "{\"feature-" + i % 40 + "\":3,\"feature-" + (i + 1) % 40 + "\":1,\"feature-" + (i + 2) % 40
                + "\":2}},\"errors\":{\"00000000000000" + i % 10 + "0\":{\"exception\":\"java.io.IOException\","
                + "\"count\":2}},\"durations\":{\"op-" + i % 8 + "\":{\"count\":5,\"p50\":10,\"p90\":40,"
                + "\"p99\":90,\"max\":120},\"op-" + (i + 1) % 8 + "\":{\"count\":2,\"p50\":7,\"p90\":9,"
                + "\"p99\":30,\"max\":31}},\"partial\":false,"
                + "\"failures\":[],\"redaction\":{\"droppedFields\":0}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String installation(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    /** Rows straight into the reports and usage tables, set-based (the sink would take hours for millions). */
    private static void load(String url, String user, boolean postgres, int reports, int installations)
            throws Exception {
        String series = postgres ? "generate_series(1, " + reports + ") AS s(x)" : "SYSTEM_RANGE(1, " + reports + ")";
        String id = postgres ? "CAST(md5(CAST(x AS TEXT)) AS UUID)::text" : "CAST(RANDOM_UUID() AS VARCHAR)";
        String installation = "'00000000-0000-4000-8000-' || LPAD(CAST(MOD(x, " + installations + ") AS VARCHAR(12)),"
                + " 12, '0')";
        String at = postgres ? "now() - MOD(CAST(x AS BIGINT) * 7919, 29 * 86400) * INTERVAL '1 second'"
                : "DATEADD(SECOND, -MOD(CAST(X AS BIGINT) * 7919, 29 * 86400), CURRENT_TIMESTAMP)";
        String versions = "CASE MOD(x, 4) WHEN 0 THEN '1.0.0' WHEN 1 THEN '1.1.0' WHEN 2 THEN '1.2.0' ELSE '2.0.0' END";
        String inst = "MOD(x, " + installations + ")";
        try (Connection connection = DriverManager.getConnection(url, user, "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE load_series AS SELECT x AS n, " + id + " AS report_id, " + installation
                    + " AS installation_id, " + at + " AS received_at, " + inst + " AS i FROM " + series);
            statement.execute("INSERT INTO ceip_report (report_id, installation_id, received_at, product_name,"
                    + " product_version, os_name, java_version, db_vendor, consent_level, report) SELECT report_id,"
                    + " installation_id, received_at, 'Demo Monitoring', " + versions.replace("x", "i") + ","
                    + " CASE MOD(i, 3) WHEN 0 THEN 'Linux' WHEN 1 THEN 'Windows' ELSE 'Mac OS X' END,"
                    + " CASE MOD(i, 2) WHEN 0 THEN '17.0.15' ELSE '21.0.7' END,"
                    + " CASE MOD(i, 3) WHEN 0 THEN 'PostgreSQL' WHEN 1 THEN 'H2' ELSE 'MariaDB' END,"
                    + " CASE MOD(i, 4) WHEN 0 THEN 'full' ELSE 'basic' END, "
                    + (postgres ? "CAST('{}' AS JSONB)" : "'{}' FORMAT JSON") + " FROM load_series");
            for (String key : new String[] {"hosts", "users"}) {
                statement.execute("INSERT INTO ceip_usage (report_id, installation_id, received_at, source, usage_key,"
                        + " amount) SELECT report_id, installation_id, received_at, 'usage', '" + key + "',"
                        + " MOD(n, 1000) FROM load_series");
            }
            for (int k = 0; k < 3; k++) { // three features, one error and two operations a report
                statement.execute("INSERT INTO ceip_feature_use (report_id, installation_id, received_at, feature,"
                        + " uses) SELECT report_id, installation_id, received_at, 'feature-' || CAST(MOD(n + " + k
                        + ", 40) AS VARCHAR(3)), MOD(n, 7) + 1 FROM load_series");
            }
            statement.execute("INSERT INTO ceip_error (report_id, installation_id, received_at, fingerprint,"
                    + " exception_type, occurrences) SELECT report_id, installation_id, received_at, '00000000000000'"
                    + " || CAST(MOD(n, 10) AS VARCHAR(1)) || '0', 'java.io.IOException', MOD(n, 3) + 1"
                    + " FROM load_series");
            for (int k = 0; k < 2; k++) {
                statement.execute("INSERT INTO ceip_duration (report_id, installation_id, received_at, operation, runs,"
                        + " p50_ms, p90_ms, p99_ms, max_ms) SELECT report_id, installation_id, received_at, 'op-' ||"
                        + " CAST(MOD(n + " + k + ", 8) AS VARCHAR(1)), MOD(n, 5) + 1, MOD(n, 50) + 10, MOD(n, 50) + 40,"
                        + " MOD(n, 50) + 90, MOD(n, 50) + 120 FROM load_series");
            }
            statement.execute("DROP TABLE load_series");
            if (postgres) {
                statement.execute("ANALYZE");
            }
        }
        System.out.println("at " + Instant.now());
    }
}
