package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.fleet.EventQueries;
import io.ceip.collector.fleet.QueryDeadline;
import io.ceip.collector.store.ReportStore;
import io.ceip.collector.store.Retention;
import io.ceip.collector.support.EventRowsFigures;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.SqlRows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event figures (feature use, top errors, operation durations) read the daily roll-ups the store keeps in each
 * report's transaction (a real H2 store): the same answers as the old queries over every event row of the window, an
 * installation counted once however many days it used a name, nothing changed by a redelivered record, retention
 * dropping old days, concurrent reports all counted, and an earlier collector's database filled at start.
 */
@SuppressWarnings("unchecked")
class EventFiguresReadDailyRollupsTest {

    /** The roll-up tables, every row, in one order: what must not change. */
    static final String ROLLUPS = "SELECT * FROM ceip_event_day ORDER BY epoch_day, kind, name, detail, shard";
    static final String LATEST = "SELECT * FROM ceip_installation_event ORDER BY installation_id, kind, name, detail";

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
    void theFiguresAreThoseOfEveryEventRowOfTheWindow() throws Exception {
        EventRowsFigures.feed(store, 60, 30, 7);

        Map<String, Object> figures = EventRowsFigures.current(url, "ceip", 30);

        assertThat(figures).isEqualTo(EventRowsFigures.fromEventRows(url, "ceip", 30));
        assertOrder(figures, EventRowsFigures.fromEventRows(url, "ceip", 30));
        assertThat((Map<?, ?>) figures.get("feature-use")).hasSize(8);
        assertThat((List<?>) figures.get("top-errors")).hasSizeGreaterThanOrEqualTo(5);
        assertThat((List<?>) figures.get("operation-durations")).hasSize(3);
        // read from the roll-ups, not from the event rows (which grow with the reports)
        try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM ceip_feature_use");
            statement.execute("DELETE FROM ceip_error");
            statement.execute("DELETE FROM ceip_duration");
        }
        assertThat(EventRowsFigures.current(url, "ceip", 30)).isEqualTo(figures);
    }

    @Test
    void anInstallationUsingANameOnManyDaysCountsOnceAndEveryUseCounts() throws Exception {
        String installation = UUID.randomUUID().toString();
        for (int i = 0; i < 10; i++) { // days 9 ago to today, newest first: the later days arrive before the earlier
            store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation).replace("\"partial\":",
                    "\"features\":{\"events\":{\"search\":" + (i + 1) + "}},\"durations\":{\"sync\":{\"count\":"
                    + (i + 1) + ",\"p50\":10,\"p90\":20,\"p99\":30,\"max\":" + (40 + i) + "}},\"partial\":")),
                    now.minus(Duration.ofDays(i)).toEpochMilli());
        }
        EventQueries events = new EventQueries(url, "ceip", "", 30, 20);

        EventQueries.FeatureUse use = events.featureUse(QueryDeadline.in(30));
        assertThat(use.installations()).containsExactly(Map.entry("search", 1L));
        assertThat(use.uses().get("search")).hasSize(10).containsEntry(day(0), 1L).containsEntry(day(9), 10L);
        assertThat(events.operationDurations(QueryDeadline.in(30))).containsExactly(
                new EventQueries.DurationRow("sync", 55, 1, 10, 20, 30, 30, 49));
        assertThat(SqlRows.of(url, "ceip", "SELECT SUM(installations), COUNT(*) FROM ceip_event_day WHERE kind = 'f'"))
                .containsExactly("1|10");
    }

    @Test
    void aRedeliveredRecordChangesNothing() throws Exception {
        byte[] report = Reports.utf8(Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString())
                .replace("\"partial\":", "\"features\":{\"events\":{\"search\":3}},\"errors\":{\"0123456789abcdef\":"
                        + "{\"exception\":\"java.io.IOException\",\"count\":2}},\"durations\":{\"sync\":{\"count\":4,"
                        + "\"p50\":10,\"p90\":20,\"p99\":30,\"max\":40}},\"partial\":"));
        store.store(report, now.minus(Duration.ofDays(2)).toEpochMilli());
        List<String> rollups = SqlRows.of(url, "ceip", ROLLUPS);
        List<String> latest = SqlRows.of(url, "ceip", LATEST);
        Map<String, Object> before = EventRowsFigures.current(url, "ceip", 30);

        // delivered again a day later (Kafka after a lost offset commit): refused, no new day, no uses added
        assertThat(store.store(report, now.minus(Duration.ofDays(1)).toEpochMilli(), "ceip-reports-0 offset 0"))
                .isEqualTo(ReportStore.Outcome.DUPLICATE);

        assertThat(SqlRows.of(url, "ceip", ROLLUPS)).isEqualTo(rollups).hasSize(3);
        assertThat(SqlRows.of(url, "ceip", LATEST)).isEqualTo(latest).hasSize(3);
        assertThat(EventRowsFigures.current(url, "ceip", 30)).isEqualTo(before);
        assertThat(before.get("top-errors")).isEqualTo(List.of(new EventQueries.ErrorRow("0123456789abcdef",
                "java.io.IOException", 2, 1)));
    }

    @Test
    void retentionDropsTheRollupsOfOldDays() throws Exception {
        Instant at = Instant.parse("2026-12-02T10:00:00Z");
        String installation = UUID.randomUUID().toString();
        String events = "\"features\":{\"events\":{\"search\":3}},\"partial\":";
        store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString())
                .replace("\"partial\":", events)), monthsBefore(at, 14));
        store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)
                .replace("\"partial\":", events)), monthsBefore(at, 14));
        store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)
                .replace("\"partial\":", events)), monthsBefore(at, 2));

        new Retention(store, 13, Clock.fixed(at, ZoneOffset.UTC)).run();

        String kept = String.valueOf(LocalDate.ofInstant(Instant.ofEpochMilli(monthsBefore(at, 2)), ZoneOffset.UTC)
                .toEpochDay());
        assertThat(SqlRows.of(url, "ceip", "SELECT DISTINCT epoch_day FROM ceip_event_day")).containsExactly(kept);
        assertThat(SqlRows.of(url, "ceip", "SELECT installation_id, last_day FROM ceip_installation_event"))
                .containsExactly(installation + "|" + kept);
        EventQueries.FeatureUse use = new EventQueries(url, "ceip", "", 36_500, 20).featureUse(QueryDeadline.in(30));
        assertThat(use.installations()).containsExactly(Map.entry("search", 1L));
    }

    @Test
    void concurrentReportsOfOneDayAreEachCountedOnce() throws Exception {
        List<String> installations = EventFiguresReadDailyRollupsIT.oneShard(40);
        for (String installation : installations) { // the day's first reports: none of those below locks its shard
            store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)), now.toEpochMilli());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ReportStore.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 80; i++) { // two reports each, the same names on the same day and shard
                byte[] report = Reports.utf8(Reports.report(UUID.randomUUID().toString(), installations.get(i / 2))
                        .replace("\"partial\":", "\"features\":{\"events\":{\"search\":1,\"export\":2}},\"partial\":"));
                outcomes.add(pool.submit(() -> store.store(report, now.toEpochMilli())));
            }
            for (Future<ReportStore.Outcome> outcome : outcomes) {
                assertThat(outcome.get()).isEqualTo(ReportStore.Outcome.STORED);
            }
        } finally {
            pool.shutdownNow();
        }

        EventQueries.FeatureUse use = new EventQueries(url, "ceip", "", 30, 20).featureUse(QueryDeadline.in(30));

        assertThat(use.installations()).containsExactly(Map.entry("export", 40L), Map.entry("search", 40L));
        assertThat(use.uses()).isEqualTo(Map.of("search", Map.of(day(0), 80L), "export", Map.of(day(0), 160L)));
    }

    @Test
    void anEarlierCollectorsDatabaseIsFilledFromItsEventRowsAtStart() throws Exception {
        EventRowsFigures.feed(store, 40, 30, 11);
        Map<String, Object> kept = EventRowsFigures.current(url, "ceip", 30);
        store.close();
        try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE ceip_event_day"); // the database as the collector of 2026-12-06 left it
            statement.execute("DROP TABLE ceip_installation_event");
        }

        store = new ReportStore(url, "ceip", "", 2000, 200);
        store.createSchema();

        assertThat(EventRowsFigures.current(url, "ceip", 30)).isEqualTo(kept)
                .isEqualTo(EventRowsFigures.fromEventRows(url, "ceip", 30));
        // the latest days came along: live upkeep on the filled tables agrees (reports of every installation today)
        for (int i = 0; i < 40; i++) {
            store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), new UUID(11, i).toString())
                    .replace("\"partial\":", EventRowsFigures.events(new java.util.Random(i)) + "\"partial\":")),
                    now.toEpochMilli());
        }
        assertThat(EventRowsFigures.current(url, "ceip", 30)).isEqualTo(EventRowsFigures.fromEventRows(url, "ceip",
                30)).isNotEqualTo(kept);
    }

    /** The top lists in the same order (the maps' equality above ignores it). */
    static void assertOrder(Map<String, Object> figures, Map<String, Object> reference) {
        assertThat(new ArrayList<>(((Map<String, ?>) figures.get("feature-use")).keySet())).isEqualTo(
                new ArrayList<>(((Map<String, ?>) reference.get("feature-use")).keySet()));
    }

    private String day(int daysAgo) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(daysAgo).toString();
    }

    private static long monthsBefore(Instant at, int months) {
        return at.atOffset(ZoneOffset.UTC).minusMonths(months).toInstant().toEpochMilli();
    }
}
