package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.PostgresExtension;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.SqlRows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monthly delete of the dedupe keys ({@code ceip_report_id}) of the months retention dropped, on a real
 * PostgreSQL: in batches of {@link RangeBatches#PAGES} pages, each committed on its own (before: one DELETE of every
 * old row, one transaction holding all of them until the end), beside reports being stored and sent again, and never
 * the key of a report still kept.
 */
class DedupeKeysDeletedInShortBatchesIT {

    /** Old keys: about 110 a page, so some 3,600 pages: four batches. */
    static final int OLD = 400_000;

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    /**
     * A batch held up by a row lock in the table's second range of pages: the first range's rows are gone already
     * (committed), the rest not; meanwhile new reports are stored, kept ones refused, keys deleted stored again and
     * keys not yet deleted refused; after it every old key is gone, each report stored once, each with its key.
     */
    @Test
    void eachBatchCommitsOnItsOwnAndReportsBesideItAreStoredOrRefusedOnce() throws Exception {
        String url = postgres.database("dedupebatches");
        Instant now = Instant.now();
        YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        String old = month.minusMonths(16).atDay(10) + " 12:00:00+00";
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try (ReportStore store = new ReportStore(url, "postgres", "", 2_000, 200);
                Connection blocker = DriverManager.getConnection(url, "postgres", "")) {
            store.createSchema();
            store.maintain(now, null);
            sql(url, "INSERT INTO ceip_report_id SELECT md5(i::text)::uuid::text, TIMESTAMPTZ '" + old + "'"
                    + " FROM generate_series(1, " + OLD + ") i", "ANALYZE ceip_report_id");
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                kept.add(UUID.randomUUID().toString());
                assertThat(store.store(Reports.utf8(Reports.report(kept.get(i), UUID.randomUUID().toString())),
                        now.toEpochMilli())).isEqualTo(ReportStore.Outcome.STORED);
            }
            long pages = Long.parseLong(SqlRows.of(url, "postgres", "SELECT pg_relation_size('ceip_report_id')"
                    + " / 8192").get(0));
            assertThat(pages).as("pages of the dedupe table").isGreaterThan(3L * RangeBatches.PAGES);
            assertThat(count(url, old)).isEqualTo(OLD);
            long firstRange = Long.parseLong(SqlRows.of(url, "postgres", "SELECT COUNT(*) FROM ceip_report_id WHERE"
                    + " ctid < '(" + RangeBatches.PAGES + ",0)'").get(0));
            // keys of the first range (deleted before the batch held up) and of the third (after it)
            List<String> first = SqlRows.of(url, "postgres", "SELECT report_id FROM ceip_report_id WHERE ctid <"
                    + " '(1000,0)' AND received_at = '" + old + "' LIMIT 40");
            List<String> third = SqlRows.of(url, "postgres", "SELECT report_id FROM ceip_report_id WHERE ctid >="
                    + " '(2100,0)' AND ctid < '(3000,0)' AND received_at = '" + old + "' LIMIT 40");
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("SELECT report_id FROM ceip_report_id WHERE ctid >= '(1500,0)' AND ctid < '(1501,0)'"
                        + " LIMIT 1 FOR UPDATE");
            }

            Instant cutoff = now.atOffset(ZoneOffset.UTC).minusMonths(13).toInstant();
            Future<String> upkeep = pool.submit(() -> store.maintain(now, cutoff));
            await().atMost(Duration.ofSeconds(60)).until(() -> heldUp(url));
            long whileHeldUp = count(url, old);
            assertThat(whileHeldUp).as("old keys left while the second batch waits").isEqualTo(OLD - firstRange);
            // beside it: new reports stored, kept ones refused, keys deleted stored again, the others refused
            ConcurrentHashMap<String, ReportStore.Outcome> outcomes = new ConcurrentHashMap<>();
            List<String> fresh = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fresh.add(UUID.randomUUID().toString());
            }
            List<String> beside = new ArrayList<>(fresh);
            beside.addAll(kept);
            beside.addAll(first);
            beside.addAll(third);
            storeAll(pool, store, beside, now, outcomes);
            assertThat(upkeep.isDone()).as("the upkeep still held up").isFalse();
            blocker.rollback();
            // and while the batches after it run: more new reports and kept ones
            List<String> later = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                later.add(UUID.randomUUID().toString());
            }
            later.addAll(kept);
            ConcurrentHashMap<String, ReportStore.Outcome> afterwards = new ConcurrentHashMap<>();
            storeAll(pool, store, later, now, afterwards);
            upkeep.get(120, TimeUnit.SECONDS);

            for (String id : fresh) {
                assertThat(outcomes.get(id)).as(id).isEqualTo(ReportStore.Outcome.STORED);
            }
            for (String id : first) {
                assertThat(outcomes.get(id)).as("key deleted: " + id).isEqualTo(ReportStore.Outcome.STORED);
            }
            for (String id : third) {
                assertThat(outcomes.get(id)).as("key not yet deleted: " + id)
                        .isEqualTo(ReportStore.Outcome.DUPLICATE);
            }
            for (String id : kept) {
                assertThat(outcomes.get(id)).as(id).isEqualTo(ReportStore.Outcome.DUPLICATE);
                assertThat(afterwards.get(id)).as(id).isEqualTo(ReportStore.Outcome.DUPLICATE);
            }
            for (String id : later.subList(0, 100)) {
                assertThat(afterwards.get(id)).as(id).isEqualTo(ReportStore.Outcome.STORED);
            }
            assertThat(count(url, old)).as("old keys after the upkeep").isZero();
            assertThat(SqlRows.of(url, "postgres", "SELECT COUNT(*), COUNT(DISTINCT report_id) FROM ceip_report"))
                    .containsExactly("290|290");
            assertThat(SqlRows.of(url, "postgres", "SELECT COUNT(*) FROM ceip_report_id")).containsExactly("290");
            assertThat(SqlRows.of(url, "postgres", "SELECT COUNT(*) FROM ceip_report r JOIN ceip_report_id d ON"
                    + " d.report_id = r.report_id AND d.received_at = r.received_at")).containsExactly("290");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A key of a month older than the first kept whose report is still kept (its record stored after the month was
     * dropped made the partition again) stays until that partition goes; a key whose report is gone goes.
     */
    @Test
    void theKeyOfAReportStillKeptStaysAndItsReportStaysADuplicate() throws Exception {
        String url = postgres.database("dedupekept");
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        Instant cutoff = Instant.parse("2025-11-02T10:00:00Z");
        try (ReportStore store = new ReportStore(url, "postgres", "", 2_000, 200)) {
            store.createSchema();
            String kept = UUID.randomUUID().toString();
            String gone = UUID.randomUUID().toString();
            assertThat(store.store(Reports.utf8(Reports.report(kept, UUID.randomUUID().toString())),
                    Instant.parse("2025-03-05T12:00:00Z").toEpochMilli())).isEqualTo(ReportStore.Outcome.STORED);
            sql(url, "INSERT INTO ceip_report_id VALUES ('" + gone + "', '2025-03-06 12:00:00+00')");

            try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
                assertThat(Partitions.deleteIds(connection, cutoff)).isEqualTo(1);
            }

            assertThat(SqlRows.of(url, "postgres", "SELECT report_id FROM ceip_report_id")).containsExactly(kept);
            assertThat(store.store(Reports.utf8(Reports.report(kept, UUID.randomUUID().toString())),
                    now.toEpochMilli())).isEqualTo(ReportStore.Outcome.DUPLICATE);
            // the upkeep drops March 2025 and then deletes its key
            new Retention(store, 13, Clock.fixed(now, ZoneOffset.UTC)).run();
            assertThat(SqlRows.of(url, "postgres", "SELECT COUNT(*) FROM ceip_report_id")).containsExactly("0");
            assertThat(SqlRows.of(url, "postgres", "SELECT COUNT(*) FROM ceip_report")).containsExactly("0");
        }
    }

    private static void storeAll(ExecutorService pool, ReportStore store, List<String> ids, Instant at,
            ConcurrentHashMap<String, ReportStore.Outcome> outcomes) throws Exception {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (String id : ids) {
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    outcomes.put(id, store.store(Reports.utf8(Reports.report(id, UUID.randomUUID().toString())),
                            at.toEpochMilli()));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    /** True when the upkeep's delete of dedupe keys waits for a row lock. */
    private static boolean heldUp(String url) throws SQLException {
        return !SqlRows.of(url, "postgres", "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM ceip_report_id%'").isEmpty();
    }

    private static long count(String url, String old) throws SQLException {
        return Long.parseLong(SqlRows.of(url, "postgres", "SELECT COUNT(*) FROM ceip_report_id WHERE received_at = '"
                + old + "'").get(0));
    }

    private static void sql(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            for (String s : statements) {
                statement.execute(s);
            }
        }
    }
}
