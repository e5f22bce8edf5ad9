package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.fleet.EventQueries;
import io.ceip.collector.fleet.QueryDeadline;
import io.ceip.collector.store.ReportStore;
import io.ceip.collector.store.Retention;
import io.ceip.collector.support.EventRowsFigures;
import io.ceip.collector.support.PostgresExtension;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.SqlRows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event roll-ups on a real PostgreSQL (partitioned event rows): the figures agree with the old queries over every
 * event row of the window and stay when the rows are gone, a redelivered record changes no roll-up row, retention
 * deletes the old days with the partitions, concurrent store connections racing to make the same day rows all count,
 * and a database of an earlier collector is filled from its event rows at start, in one transaction.
 */
class EventFiguresReadDailyRollupsIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void theFiguresAreThoseOfEveryEventRowOfTheWindowAndARedeliveryChangesNothing() throws Exception {
        String url = postgres.database("agree");
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            EventRowsFigures.feed(store, 60, 30, 7);
            Map<String, Object> figures = EventRowsFigures.current(url, "postgres", 30);
            assertThat(figures).isEqualTo(EventRowsFigures.fromEventRows(url, "postgres", 30));
            EventFiguresReadDailyRollupsTest.assertOrder(figures, EventRowsFigures.fromEventRows(url, "postgres", 30));
            assertThat((List<?>) figures.get("operation-durations")).hasSize(3);
            List<String> rollups = SqlRows.of(url, "postgres", EventFiguresReadDailyRollupsTest.ROLLUPS);

            // every report of the fixture delivered again, later: all refused, no roll-up row changed
            byte[] first = SqlRows.of(url, "postgres", "SELECT report FROM ceip_report WHERE report::text LIKE"
                    + " '%durations%' LIMIT 1").get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(store.store(first, System.currentTimeMillis(), "ceip-reports-0 offset 9"))
                    .isEqualTo(ReportStore.Outcome.DUPLICATE);
            assertThat(SqlRows.of(url, "postgres", EventFiguresReadDailyRollupsTest.ROLLUPS)).isEqualTo(rollups);

            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE ceip_feature_use, ceip_error, ceip_duration");
            }
            assertThat(EventRowsFigures.current(url, "postgres", 30)).isEqualTo(figures);
        }
    }

    @Test
    void concurrentConnectionsRacingForTheSameDayRowsAllCount() throws Exception {
        String url = postgres.database("race");
        StringBuilder names = new StringBuilder();
        for (int n = 0; n < 40; n++) {
            names.append(n == 0 ? "" : ",").append("\"feature.").append(n).append("\":1");
        }
        long now = System.currentTimeMillis();
        List<String> installations = oneShard(96);
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            for (String installation : installations) { // each one's first report of the day, no events: the
                // day's active-installation row (locked by a first report of the day) serializes none of those below
                store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)), now);
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<ReportStore.Outcome>> outcomes = new ArrayList<>();
                for (String installation : installations) { // 8 connections racing to make the same 40 rows
                    byte[] report = Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)
                            .replace("\"partial\":", "\"features\":{\"events\":{" + names + "}},\"partial\":"));
                    outcomes.add(pool.submit(() -> store.store(report, now)));
                }
                for (Future<ReportStore.Outcome> outcome : outcomes) {
                    assertThat(outcome.get()).isEqualTo(ReportStore.Outcome.STORED);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        EventQueries.FeatureUse use = new EventQueries(url, "postgres", "", 30, 50).featureUse(QueryDeadline.in(30));

        assertThat(use.installations()).hasSize(40).containsOnlyKeys(use.uses().keySet()).allSatisfy(
                (name, count) -> assertThat(count).as(name).isEqualTo(96));
        String today = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC).toString();
        assertThat(use.uses().values()).allSatisfy(days -> assertThat(days).isEqualTo(Map.of(today, 96L)));
    }

    /** {@code n} installation IDs whose rows fall in one shard ({@code hashCode} mod 16 = 0, as the store takes it). */
    static List<String> oneShard(int n) {
        List<String> installations = new ArrayList<>();
        for (int i = 0; installations.size() < n; i++) {
            String id = new UUID(5, i).toString();
            if (Math.floorMod(id.hashCode(), 16) == 0) {
                installations.add(id);
            }
        }
        return installations;
    }

    @Test
    void retentionDeletesTheRollupsOfOldDays() throws Exception {
        String url = postgres.database("retention");
        Instant at = Instant.parse("2026-12-02T10:00:00Z");
        String events = "\"features\":{\"events\":{\"search\":3}},\"partial\":";
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            for (int months : new int[] {14, 2}) {
                store.store(Reports.utf8(Reports.any().replace("\"partial\":", events)), at.atOffset(ZoneOffset.UTC)
                        .minusMonths(months).toInstant().toEpochMilli());
            }

            new Retention(store, 13, Clock.fixed(at, ZoneOffset.UTC)).run();
        }

        String kept = String.valueOf(LocalDate.of(2026, 10, 2).toEpochDay());
        assertThat(SqlRows.of(url, "postgres", "SELECT DISTINCT epoch_day FROM ceip_event_day")).containsExactly(kept);
        assertThat(SqlRows.of(url, "postgres", "SELECT last_day FROM ceip_installation_event")).containsExactly(kept);
    }

    @Test
    void anEarlierCollectorsDatabaseIsFilledFromItsEventRowsAtStart() throws Exception {
        String url = postgres.database("earlier");
        Map<String, Object> kept;
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            EventRowsFigures.feed(store, 40, 30, 11);
            kept = EventRowsFigures.current(url, "postgres", 30);
        }
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE ceip_event_day, ceip_installation_event");
        }

        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            store.createSchema(); // a second start finds them filled
            assertThat(EventRowsFigures.current(url, "postgres", 30)).isEqualTo(kept)
                    .isEqualTo(EventRowsFigures.fromEventRows(url, "postgres", 30));
            for (int i = 0; i < 40; i++) { // live upkeep on the filled tables: every installation again today
                store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), new UUID(11, i).toString())
                        .replace("\"partial\":", EventRowsFigures.events(new java.util.Random(i)) + "\"partial\":")),
                        System.currentTimeMillis());
            }
        }
        assertThat(EventRowsFigures.current(url, "postgres", 30)).isEqualTo(EventRowsFigures.fromEventRows(url,
                "postgres", 30)).isNotEqualTo(kept);
    }
}
