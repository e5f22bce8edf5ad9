package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.store.ReportStore;
import io.ceip.collector.store.Retention;
import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.PostgresExtension;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL store for the years, on a real PostgreSQL: monthly partitions of {@code ceip_report} and of the three
 * event tables made ahead, the dedupe table that keeps one row per report ID across partitions (a report redelivered
 * in another month is a duplicate), retention dropping whole old months of both, and the fleet view reading only the
 * partitions of its window (its event figures; the counting and usage figures read no report partition at all).
 */
class PartitionedStoreIT {

    static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");
    static final List<String> EVENT_TABLES = List.of("ceip_feature_use", "ceip_error", "ceip_duration", "ceip_usage");
    /** Two feature rows, one error row, one duration row. */
    static final String EVENTS = "\"features\":{\"events\":{\"a\":2,\"b\":3}},\"errors\":{\"0123456789abcdef\":"
            + "{\"exception\":\"java.lang.Error\",\"count\":1}},\"durations\":{\"d\":{\"count\":1,\"p50\":1,"
            + "\"p90\":2,\"p99\":3,\"max\":4}},";

    @TempDir
    static Path dir;

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void aFreshDatabaseGetsThisMonthAndTwoAheadAndADedupeTable() throws Exception {
        String url = postgres.database("fresh");
        Instant now = Instant.parse("2026-12-31T23:59:00Z");
        try (ReportStore store = new ReportStore(url, "postgres", "", 2_000, 200)) {
            store.createSchema();
            new Retention(store, 13, Clock.fixed(now, ZoneOffset.UTC)).run();

            assertThat(query(url, "SELECT relkind FROM pg_class WHERE relname = 'ceip_report'")).containsExactly("p");
            assertThat(partitions(url)).containsExactly("ceip_report_p202612", "ceip_report_p202701",
                    "ceip_report_p202702");
            assertThat(query(url, "SELECT pg_get_expr(relpartbound, oid) FROM pg_class"
                    + " WHERE relname = 'ceip_report_p202701'")).singleElement().asString()
                    .contains("'2027-01-01 00:00:00+00'").contains("'2027-02-01 00:00:00+00'");
            assertThat(query(url, "SELECT relkind FROM pg_class WHERE relname = 'ceip_report_id'"))
                    .containsExactly("r");
            for (String table : EVENT_TABLES) {
                assertThat(query(url, "SELECT relkind FROM pg_class WHERE relname = '" + table + "'"))
                        .containsExactly("p");
                assertThat(partitions(url, table)).containsExactly(table + "_p202612", table + "_p202701",
                        table + "_p202702");
            }
        }
    }

    @Test
    void aReportRedeliveredInAnotherMonthIsADuplicateNotASecondRow() throws Exception {
        String url = postgres.database("redelivery");
        try (ReportStore store = new ReportStore(url, "postgres", "", 2_000, 200)) {
            store.createSchema();
            String id = UUID.randomUUID().toString();
            byte[] report = Reports.utf8(Reports.report(id, UUID.randomUUID().toString()));
            long now = System.currentTimeMillis();
            long fourMonthsLater = Instant.ofEpochMilli(now).atOffset(ZoneOffset.UTC).plusMonths(4).toInstant()
                    .toEpochMilli();

            ReportStore.Outcome first = store.store(report, now);
            ReportStore.Outcome sameRecordAgain = store.store(report, now);
            ReportStore.Outcome sentAgainMonthsLater = store.store(Reports.utf8(Reports.report(
                    id.toUpperCase(java.util.Locale.ROOT), UUID.randomUUID().toString())), fourMonthsLater);
            ReportStore.Outcome newOneMonthsLater = store.store(Reports.utf8(Reports.any()), fourMonthsLater);

            assertThat(List.of(first, sameRecordAgain, sentAgainMonthsLater, newOneMonthsLater)).containsExactly(
                    ReportStore.Outcome.STORED, ReportStore.Outcome.DUPLICATE, ReportStore.Outcome.DUPLICATE,
                    ReportStore.Outcome.STORED);
            assertThat(query(url, "SELECT COUNT(*) FROM ceip_report WHERE report_id = '" + id + "'"))
                    .containsExactly("1");
            assertThat(query(url, "SELECT COUNT(*) FROM ceip_report_id")).containsExactly("2");
            // the partition four months ahead was made when its first row came (only two are made ahead)
            assertThat(partitions(url)).contains("ceip_report_p" + YearMonth.from(Instant.ofEpochMilli(
                    fourMonthsLater).atOffset(ZoneOffset.UTC)).format(MONTH));
            assertThat(store.stored()).isEqualTo(2);
            assertThat(store.duplicates()).isEqualTo(2);
        }
    }

    @Test
    void retentionDropsWholeMonthsOlderThanItAndRedeliveryOfAKeptReportStaysHarmless() throws Exception {
        String url = postgres.database("retention");
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        try (ReportStore store = new ReportStore(url, "postgres", "", 2_000, 200)) {
            store.createSchema();
            Map<String, String> byAge = new TreeMap<>();
            for (int months : new int[] {20, 14, 13, 12, 0}) {
                String id = UUID.randomUUID().toString();
                byAge.put(String.format("%02d", months), id);
                store.store(withEvents(id), now.atOffset(ZoneOffset.UTC).minusMonths(months).toInstant()
                        .toEpochMilli());
            }

            new Retention(store, 13, Clock.fixed(now, ZoneOffset.UTC)).run();

            // cutoff 2025-11-02T10:00Z: the months up to October 2025 go whole; November 2025 stays
            assertThat(partitions(url)).containsExactly("ceip_report_p202511", "ceip_report_p202512",
                    "ceip_report_p202612", "ceip_report_p202701", "ceip_report_p202702");
            assertThat(query(url, "SELECT report_id FROM ceip_report ORDER BY received_at")).containsExactly(
                    byAge.get("13"), byAge.get("12"), byAge.get("00"));
            // the event rows went with their months: whole partitions dropped, not rows deleted
            for (String table : EVENT_TABLES) {
                assertThat(partitions(url, table)).containsExactly(table + "_p202511", table + "_p202512",
                        table + "_p202612", table + "_p202701", table + "_p202702");
                assertThat(query(url, "SELECT DISTINCT report_id FROM " + table)).as(table)
                        .containsExactlyInAnyOrder(byAge.get("13"), byAge.get("12"), byAge.get("00"));
            }
            assertThat(query(url, "SELECT COUNT(*) FROM ceip_feature_use")).containsExactly("6");
            // the dedupe rows older than the cutoff are deleted (the 13-month one, 2025-11-02T10:00Z itself, is not)
            assertThat(query(url, "SELECT report_id FROM ceip_report_id ORDER BY received_at")).containsExactly(
                    byAge.get("13"), byAge.get("12"), byAge.get("00"));
            assertThat(store.store(Reports.utf8(Reports.report(byAge.get("12"), UUID.randomUUID().toString())),
                    now.toEpochMilli())).isEqualTo(ReportStore.Outcome.DUPLICATE);
            assertThat(query(url, "SELECT COUNT(*) FROM ceip_report")).containsExactly("3");
        }
    }

    /**
     * The oldest month retention keeps holds reports received before its cutoff (a whole month is dropped or kept):
     * their dedupe rows must stay as long as they do. Before: the upkeep deleted the dedupe rows older than the cutoff
     * itself, so a report received on 2025-11-01, kept in ceip_report_p202511 until the month is dropped, and sent
     * again on 2026-12-02 (cutoff 2025-11-02T10:00Z) was STORED a second time: two rows of one report ID, in two
     * partitions.
     */
    @Test
    void aReportKeptInTheOldestMonthIsStillADuplicateAfterTheUpkeep() throws Exception {
        String url = postgres.database("oldestmonth");
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        try (ReportStore store = new ReportStore(url, "postgres", "", 2_000, 200)) {
            store.createSchema();
            String id = UUID.randomUUID().toString();
            assertThat(store.store(withEvents(id), Instant.parse("2025-11-01T12:00:00Z").toEpochMilli()))
                    .isEqualTo(ReportStore.Outcome.STORED);

            new Retention(store, 13, Clock.fixed(now, ZoneOffset.UTC)).run();

            assertThat(query(url, "SELECT COUNT(*) FROM ceip_report WHERE report_id = '" + id + "'"))
                    .as("kept in its month").containsExactly("1");
            assertThat(store.store(withEvents(id), now.toEpochMilli())).isEqualTo(ReportStore.Outcome.DUPLICATE);
            assertThat(query(url, "SELECT COUNT(*) FROM ceip_report WHERE report_id = '" + id + "'"))
                    .containsExactly("1");
            assertThat(query(url, "SELECT COUNT(*) FROM ceip_feature_use WHERE report_id = '" + id + "'"))
                    .containsExactly("2");
        }
    }

    /**
     * The same report ID stored at once by two transactions for two months (two partitions of ceip_report, where no
     * unique key can hold the ID alone): the dedupe table's primary key makes the second wait for the first and then
     * refuse it. Here the first holds its dedupe row uncommitted while it waits for its month's partition (locked),
     * and the second, a month later, reaches the dedupe table meanwhile: one row, one STORED and one DUPLICATE.
     */
    @Test
    void theSameReportIdStoredAtOnceInTwoMonthsIsStoredOnce() throws Exception {
        String url = postgres.database("twomonths");
        try (ReportStore store = new ReportStore(url, "postgres", "", 2_000, 200);
                Connection admin = DriverManager.getConnection(url, "postgres", "")) {
            store.createSchema();
            String id = UUID.randomUUID().toString();
            Instant now = Instant.now();
            store.maintain(now, null); // this month's partition and the next two
            Instant nextMonth = now.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
            admin.setAutoCommit(false);
            try (Statement lock = admin.createStatement()) {
                lock.execute("LOCK TABLE ceip_report_p" + YearMonth.from(now.atOffset(ZoneOffset.UTC)).format(MONTH)
                        + " IN ACCESS EXCLUSIVE MODE");
            }
            java.util.concurrent.CompletableFuture<ReportStore.Outcome> first = storeAsync(store, id, now);
            await().atMost(Duration.ofSeconds(15)).until(() -> waitingForALock(url) == 1);
            java.util.concurrent.CompletableFuture<ReportStore.Outcome> second = storeAsync(store, id, nextMonth);
            await().atMost(Duration.ofSeconds(15)).until(() -> waitingForALock(url) == 2);
            admin.rollback();

            assertThat(List.of(first.get(20, java.util.concurrent.TimeUnit.SECONDS),
                    second.get(20, java.util.concurrent.TimeUnit.SECONDS))).containsExactly(
                    ReportStore.Outcome.STORED, ReportStore.Outcome.DUPLICATE);
            assertThat(query(url, "SELECT COUNT(*) FROM ceip_report WHERE report_id = '" + id + "'"))
                    .containsExactly("1");
            assertThat(query(url, "SELECT COUNT(*) FROM ceip_report_id WHERE report_id = '" + id + "'"))
                    .containsExactly("1");
        }
    }

    private static java.util.concurrent.CompletableFuture<ReportStore.Outcome> storeAsync(ReportStore store,
            String id, Instant at) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return store.store(Reports.utf8(Reports.report(id, UUID.randomUUID().toString())), at.toEpochMilli());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static long waitingForALock(String url) throws SQLException {
        return Long.parseLong(query(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'").get(0));
    }

    /** The engine here is 14 or later: the start reads its version and logs no warning about it. */
    @Test
    void aServerOf14OrLaterGetsNoVersionWarningAtStart() throws Exception {
        String url = postgres.database("recent");
        assertThat(Integer.parseInt(query(url, "SHOW server_version_num").get(0))).isGreaterThanOrEqualTo(140000);
        try (LogLines log = LogLines.capture();
                ReportStore store = new ReportStore(url, "postgres", "", 2_000, 200)) {
            store.createSchema();
            assertThat(log.lines()).noneMatch(line -> line.contains("PostgresVersion")
                    || line.contains("older than 14"));
        }
    }

    @Test
    void aTableWithoutPartitionsFromAnEarlierCollectorIsRefusedWithOneLine() throws Exception {
        for (String table : List.of("ceip_report", "ceip_error")) {
            String url = postgres.database("earlier_" + table);
            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + table + " (report_id VARCHAR(36) PRIMARY KEY)");
            }
            try (ReportStore store = new ReportStore(url, "postgres", "", 2_000, 200)) {
                assertThatThrownBy(store::createSchema).isInstanceOf(IllegalStateException.class)
                        .hasMessage("collector.store.jdbc-url: table " + table + " exists without partitions (made by"
                                + " an earlier collector); rename it and copy its rows into the new one");
            }
        }
    }

    @Test
    void theFleetViewReadsOnlyThePartitionsOfItsWindow() throws Exception {
        String url = postgres.database("fleet");
        try (TestCollector collector = TestCollector.start(dir.resolve("fleet"), Map.of(
                "collector.store.jdbc-url", url, "collector.store.user", "postgres",
                "collector.fleet.window-days", "30"))) {
            Instant now = Instant.now();
            List<String> old = new ArrayList<>();
            for (int months : new int[] {3, 6}) {
                Instant at = now.atOffset(ZoneOffset.UTC).minusMonths(months).toInstant();
                collector.collector().store().store(withEvents(UUID.randomUUID().toString()), at.toEpochMilli());
                for (String table : List.of("ceip_report", "ceip_feature_use", "ceip_error", "ceip_duration",
                        "ceip_usage")) {
                    old.add(table + "_p" + YearMonth.from(at.atOffset(ZoneOffset.UTC)).format(MONTH));
                }
            }
            for (int i = 0; i < 3; i++) {
                assertThat(collector.post(withEvents(UUID.randomUUID().toString()), true).statusCode())
                        .isEqualTo(202);
            }
            String month = YearMonth.from(now.atOffset(ZoneOffset.UTC)).format(MONTH);
            String current = "ceip_report_p" + month;
            String currentErrors = "ceip_error_p" + month;
            String currentUsage = "ceip_usage_p" + month;
            Map<String, Long> before = scans(url);

            String basic = Base64.getEncoder().encodeToString("vendor:ceip-fleet-demo-token-0123"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(collector.post(HttpRequest.newBuilder(collector.uri("/fleet")).GET()
                    .header("Authorization", "Basic " + basic)).statusCode()).isEqualTo(200);
            assertThat(collector.post(HttpRequest.newBuilder(collector.uri("/v1/fleet/product-versions.json"))
                    .GET().header("Authorization", "Bearer ceip-fleet-demo-token-0123")).body()).contains("{\"product\":\"Demo Monitoring\",\"version\":\"1.0.0\",\"installations\":3}");

            await().atMost(Duration.ofSeconds(30)).until(() -> scans(url).get("ceip_event_day")
                    > before.get("ceip_event_day"));
            Map<String, Long> after = scans(url);
            for (String partition : old) {
                assertThat(after.get(partition)).as(partition + " read by the fleet view")
                        .isEqualTo(before.get(partition));
            }
            // the counting and usage figures read the installation tables, the event figures their daily roll-ups:
            // neither the reports of the window nor their event rows
            for (String partition : List.of(current, currentUsage, currentErrors, "ceip_feature_use_p" + month,
                    "ceip_duration_p" + month)) {
                assertThat(after.get(partition)).as(partition).isEqualTo(before.get(partition));
            }
            String plan = String.join("\n", explain(url, now.minus(Duration.ofDays(30))));
            assertThat(plan).contains(current).doesNotContain(old.get(0)).doesNotContain(old.get(5));
        }
    }

    /** Sequential and index scans so far per partition (and of the event roll-ups). */
    static Map<String, Long> scans(String url) throws SQLException {
        Map<String, Long> scans = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT relname, seq_scan + COALESCE(idx_scan, 0)"
                        + " FROM pg_stat_user_tables WHERE relname ~ '^ceip_[a-z_]+_p[0-9]{6}$'"
                        + " OR relname = 'ceip_event_day'")) {
            while (rows.next()) {
                scans.put(rows.getString(1), rows.getLong(2));
            }
        }
        return scans;
    }

    /** The plan of the fleet view's window predicate with its bound start, as the fleet queries bind it. */
    static List<String> explain(String url, Instant from) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement statement = connection.prepareStatement("EXPLAIN SELECT product_version,"
                        + " COUNT(DISTINCT installation_id) FROM ceip_report WHERE received_at >= ?"
                        + " GROUP BY product_version")) {
            statement.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            }
        }
        return plan;
    }

    static List<String> query(String url, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    static List<String> partitions(String url) throws SQLException {
        return partitions(url, "ceip_report");
    }

    static List<String> partitions(String url, String table) throws SQLException {
        return query(url, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = '" + table + "' ORDER BY c.relname");
    }

    /** A report of ID {@code reportId} with {@link #EVENTS}. */
    static byte[] withEvents(String reportId) { // events only at full consent: a basic report with them is 400
        return Reports.utf8(Reports.report(1, reportId, UUID.randomUUID().toString(), "full", Reports.PRODUCT,
                "1.0.0", "Linux", "17.0.15", "PostgreSQL").replace("\"partial\":", EVENTS + "\"partial\":"));
    }
}
