package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.fleet.Figure;
import io.ceip.collector.fleet.FleetQueries;
import io.ceip.collector.fleet.QueryDeadline;
import io.ceip.collector.store.ReportStore;
import io.ceip.collector.store.Retention;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.ReportsTableFigures;
import io.ceip.collector.support.SqlRows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet figures read the installation tables the store keeps in each report's transaction (a real H2 store):
 * the same answers as the old definition over every report of the window on a fleet whose values do not change, one
 * count per installation however often it reports, none more for a redelivered record, retention and the window
 * dropping installations, hostile values bounded, and an earlier collector's database filled at start.
 */
@SuppressWarnings("unchecked")
class FleetFiguresReadOneRowPerInstallationTest {

    @TempDir
    Path dir;
    private String url;
    private ReportStore store;
    private final Instant now = Instant.now();

    @BeforeEach
    void open() throws Exception {
        url = "jdbc:h2:file:" + dir.resolve("db/c").toAbsolutePath();
        store = new ReportStore(url, "ceip", "", 2000, 200);
        store.createSchema();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theFiguresAreThoseOfEveryReportOfTheWindow() throws Exception {
        ReportsTableFigures.feed(store, 60, 30, 7);

        Map<String, Object> figures = ReportsTableFigures.current(url, "ceip", 30);

        assertThat(figures).isEqualTo(ReportsTableFigures.fromReports(url, "ceip", 30));
        assertThat((Map<?, ?>) figures.get("active-installations")).hasSizeGreaterThan(20);
        assertThat((List<?>) figures.get("usage")).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void anInstallationReportingManyTimesCountsOnceAndUnderItsLatestReport() throws Exception {
        String installation = UUID.randomUUID().toString();
        // 40 reports over three UTC days, whatever the time of day now (the span once counted from now made two days
        // or three depending on the hour: the CI of 2026-12-07 02:18 failed), the last one of version 2.0.0
        Instant first = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3)).plus(Duration.ofHours(1));
        for (int i = 0; i < 40; i++) { // from 01:00 three days ago to 11:30 yesterday
            store.store(Reports.utf8(Reports.report(1, UUID.randomUUID().toString(), installation, "basic",
                    Reports.PRODUCT, i == 39 ? "2.0.0" : "1.0.0", "Linux", "17.0.15", "H2")),
                    first.plus(Duration.ofMinutes(90L * i)).toEpochMilli());
        }
        FleetQueries queries = new FleetQueries(url, "ceip", "", 30);

        assertThat(queries.figure(Figure.OPERATING_SYSTEMS, QueryDeadline.in(30))).containsExactly(
                Map.entry("Linux", 1L));
        assertThat(queries.productVersions(QueryDeadline.in(30))).containsExactly(
                new FleetQueries.ProductVersion(Reports.PRODUCT, "2.0.0", 1));
        assertThat(queries.figure(Figure.ACTIVE_INSTALLATIONS, QueryDeadline.in(30)).values())
                .hasSize(3).containsOnly(1L);
        assertThat(SqlRows.of(url, "ceip", "SELECT COUNT(*) FROM ceip_installation")).containsExactly("1");
    }

    @Test
    void aRedeliveredRecordChangesNoFigure() throws Exception {
        byte[] report = Reports.utf8(Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString()));
        store.store(report, now.minus(Duration.ofDays(2)).toEpochMilli());
        store.store(Reports.utf8(Reports.any()), now.minus(Duration.ofDays(1)).toEpochMilli());
        Map<String, Object> before = ReportsTableFigures.current(url, "ceip", 30);

        // delivered again a day later (Kafka after a lost offset commit): refused, neither latest nor a new day
        assertThat(store.store(report, now.minus(Duration.ofHours(1)).toEpochMilli(), "ceip-reports-0 offset 0"))
                .isEqualTo(ReportStore.Outcome.DUPLICATE);

        assertThat(ReportsTableFigures.current(url, "ceip", 30)).isEqualTo(before);
        assertThat(((Map<String, Long>) before.get("active-installations")).values()).containsExactly(1L, 1L);
    }

    @Test
    void retentionAndTheWindowDropInstallationsWhoseLatestReportIsOlder() throws Exception {
        Instant at = Instant.parse("2026-12-02T10:00:00Z");
        String gone = UUID.randomUUID().toString();
        String kept = UUID.randomUUID().toString();
        store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), gone)), monthsBefore(at, 14));
        store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), kept)), monthsBefore(at, 14));
        store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), kept)), monthsBefore(at, 2));

        new Retention(store, 13, Clock.fixed(at, ZoneOffset.UTC)).run();

        assertThat(SqlRows.of(url, "ceip", "SELECT installation_id FROM ceip_installation")).containsExactly(kept);
        assertThat(SqlRows.of(url, "ceip", "SELECT DISTINCT epoch_day FROM ceip_active_day")).containsExactly(
                String.valueOf(LocalDate.ofInstant(Instant.ofEpochMilli(monthsBefore(at, 2)), ZoneOffset.UTC)
                        .toEpochDay()));
        // kept's latest report is two months old: outside a 30-day window, in a 90-day one
        assertThat(new FleetQueries(url, "ceip", "", 30).figure(Figure.OPERATING_SYSTEMS, QueryDeadline.in(30)))
                .isEmpty();
        assertThat(new FleetQueries(url, "ceip", "", 36_500).figure(Figure.OPERATING_SYSTEMS,
                QueryDeadline.in(30))).containsExactly(Map.entry("Linux", 1L));
    }

    @Test
    void hostileValuesStayBounded() throws Exception {
        String huge = "\\u202e<b>" + "x\\n".repeat(100_000); // JSON escapes: a format and a control character
        String json = Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "basic",
                Reports.PRODUCT, huge, huge, huge, huge).replace("\"usage\":{\"hosts\":12}", "\"usage\":{\""
                + "k".repeat(50_000) + "\":1,\"\\u0000\":2}");
        assertThat(store.store(Reports.utf8(json), now.toEpochMilli(), "ceip-reports-0 offset 1"))
                .isEqualTo(ReportStore.Outcome.STORED);
        String longId = Reports.report(1, UUID.randomUUID().toString(), "i".repeat(10_000), "basic",
                Reports.PRODUCT, "1.0.0", "Linux", "17.0.15", "H2");
        assertThat(store.store(Reports.utf8(longId), now.toEpochMilli(), "ceip-reports-0 offset 2"))
                .isEqualTo(ReportStore.Outcome.REJECTED);

        Map<String, Object> figures = ReportsTableFigures.current(url, "ceip", 30);

        assertThat(((Map<String, Long>) figures.get("operating-systems")).keySet()).singleElement()
                .satisfies(os -> assertThat(os).hasSize(200).startsWith("?<b>x?x?"));
        assertThat(figures.get("usage").toString()).contains("k".repeat(100) + ",").doesNotContain("k".repeat(101));
        assertThat(SqlRows.of(url, "ceip", "SELECT COUNT(*) FROM ceip_installation")).containsExactly("1");
    }

    @Test
    void anEarlierCollectorsDatabaseIsFilledFromItsReportsAtStart() throws Exception {
        ReportsTableFigures.feed(store, 40, 30, 11);
        Map<String, Object> kept = ReportsTableFigures.current(url, "ceip", 30);
        store.close();
        try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE ceip_active_day"); // the database as the collector of 2026-12-06 left it
            statement.execute("DROP TABLE ceip_installation_usage");
            statement.execute("DROP TABLE ceip_installation");
        }

        store = new ReportStore(url, "ceip", "", 2000, 200);
        store.createSchema();

        assertThat(ReportsTableFigures.current(url, "ceip", 30)).isEqualTo(kept)
                .isEqualTo(ReportsTableFigures.fromReports(url, "ceip", 30));
        // the days each installation reported on came along: one more report on such a day adds no installation
        String installation = SqlRows.of(url, "ceip", "SELECT installation_id FROM ceip_report WHERE received_at"
                + " >= CURRENT_TIMESTAMP - INTERVAL '28' DAY ORDER BY received_at FETCH FIRST 1 ROWS ONLY").get(0);
        long at = earliestMillis(url, installation);
        assertThat(store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)), at))
                .isEqualTo(ReportStore.Outcome.STORED);
        assertThat(ReportsTableFigures.current(url, "ceip", 30).get("active-installations"))
                .isEqualTo(ReportsTableFigures.fromReports(url, "ceip", 30).get("active-installations"))
                .isEqualTo(kept.get("active-installations"));
    }

    /** The time of the installation's first report in the window, as stored. */
    private static long earliestMillis(String url, String installation) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT MIN(received_at) FROM ceip_report WHERE"
                        + " installation_id = '" + installation + "' AND received_at >= CURRENT_TIMESTAMP"
                        + " - INTERVAL '28' DAY")) {
            rows.next();
            return rows.getTimestamp(1).getTime();
        }
    }

    private static long monthsBefore(Instant at, int months) {
        return at.atOffset(ZoneOffset.UTC).minusMonths(months).toInstant().toEpochMilli();
    }
}
