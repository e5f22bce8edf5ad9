package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.fleet.EventQueries;
import io.ceip.collector.fleet.QueryDeadline;
import io.ceip.collector.store.ReportStore;
import io.ceip.collector.store.Retention;
import io.ceip.collector.support.PostgresExtension;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.SqlRows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event roll-ups on a real PostgreSQL against what a hostile sender or the daily upkeep can do to them: names
 * Java tells apart but the database does not (unpaired surrogates, which the driver sends as {@code ?}) are never
 * taken for a duplicate report, a report waiting for a day row another transaction made holds no later row meanwhile
 * (no deadlock), and retention deleting an installation's latest day of a name while a report of it is
 * being stored never leaves the installation counted twice.
 */
class EventRollupsAgainstHostileNamesAndRetentionIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void namesWithUnpairedSurrogatesAreStoredNotTakenForADuplicate() throws Exception {
        String url = postgres.database("surrogates");
        String installation = UUID.randomUUID().toString();
        // raw UTF-8 of U+D800 and U+DBFF (CESU-style, not valid UTF-8): Jackson reads them as unpaired surrogates
        String[] parts = Reports.report(UUID.randomUUID().toString(), installation).replace("\"partial\":",
                "\"features\":{\"events\":{\"x#\":1,\"x%\":2,\"x?\":4}},\"partial\":").split("[#%]");
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.write(parts[0].getBytes(StandardCharsets.UTF_8));
        json.write(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        json.write(parts[1].getBytes(StandardCharsets.UTF_8));
        json.write(new byte[] {(byte) 0xED, (byte) 0xAF, (byte) 0xBF});
        json.write(parts[2].getBytes(StandardCharsets.UTF_8));
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();

            assertThat(store.store(json.toByteArray(), System.currentTimeMillis(), "ceip-reports-0 offset 1"))
                    .isEqualTo(ReportStore.Outcome.STORED);
        }

        EventQueries.FeatureUse use = new EventQueries(url, "postgres", "", 30, 50).featureUse(QueryDeadline.in(30));
        assertThat(use.installations()).isEqualTo(Map.of("x?", 1L));
        assertThat(use.uses().get("x?").values()).containsExactly(7L);
    }

    @Test
    void retentionDeletingTheLatestDayOfANameWhileAReportOfItIsStoredCountsTheInstallationOnce() throws Exception {
        String url = postgres.database("retentionrace");
        Instant now = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
        Instant cutoff = now.atOffset(ZoneOffset.UTC).minusMonths(13).toInstant();
        String installation = UUID.randomUUID().toString();
        String old = "\"features\":{\"events\":{\"export\":1}},\"partial\":";
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            // export last sent the day before the cutoff's day; the installation itself reported two days ago
            assertThat(store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)
                    .replace("\"partial\":", old)), cutoff.minus(Duration.ofDays(1)).toEpochMilli()))
                    .isEqualTo(ReportStore.Outcome.STORED);
            assertThat(store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)),
                    now.minus(Duration.ofDays(2)).toEpochMilli())).isEqualTo(ReportStore.Outcome.STORED);

            store.maintain(now, null); // the partitions ahead made, as the daily upkeep has at any time
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (Connection holder = DriverManager.getConnection(url, "postgres", "")) {
                // another transaction holds the row of a name the report brings new: the report's transaction waits
                // there, after it read the installation's latest days, while the upkeep runs
                holder.setAutoCommit(false);
                try (PreparedStatement insert = holder.prepareStatement("INSERT INTO ceip_installation_event"
                        + " (installation_id, kind, name, detail, last_day) VALUES (?, 'f', 'import', '', 0)")) {
                    insert.setString(1, installation);
                    insert.executeUpdate();
                }
                Future<ReportStore.Outcome> stored = pool.submit(() -> store.store(Reports.utf8(Reports.report(
                        UUID.randomUUID().toString(), installation).replace("\"partial\":",
                        "\"features\":{\"events\":{\"export\":1,\"import\":1}},\"partial\":")),
                        now.minus(Duration.ofDays(1)).toEpochMilli(), "ceip-reports-0 offset 3"));
                await().atMost(Duration.ofSeconds(30)).until(() -> waiting(url) == 1);
                Future<?> upkeep = pool.submit(() -> {
                    new Retention(store, 13, Clock.fixed(now, ZoneOffset.UTC)).run();
                    return null;
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> upkeep.isDone() || waiting(url) == 2);
                holder.rollback();
                assertThat(stored.get(30, TimeUnit.SECONDS)).isEqualTo(ReportStore.Outcome.STORED);
                upkeep.get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)
                    .replace("\"partial\":", old)), now.toEpochMilli())).isEqualTo(ReportStore.Outcome.STORED);
        }

        EventQueries.FeatureUse use = new EventQueries(url, "postgres", "", 30, 50).featureUse(QueryDeadline.in(30));
        assertThat(use.installations()).isEqualTo(Map.of("export", 1L, "import", 1L));
        assertThat(SqlRows.of(url, "postgres", "SELECT name || ' ' || last_day FROM ceip_installation_event"
                + " ORDER BY name")).containsExactly("export " + now.getEpochSecond() / 86_400,
                        "import " + (now.getEpochSecond() / 86_400 - 1));
        assertThat(SqlRows.of(url, "postgres", "SELECT COUNT(*) FROM ceip_event_day WHERE installations < 0"))
                .containsExactly("0");
    }

    @Test
    void aReportWaitingForADayRowAnotherTransactionMadeHoldsNoLaterRowMeanwhile() throws Exception {
        String url = postgres.database("keyorder");
        long now = System.currentTimeMillis();
        int today = Math.toIntExact(Math.floorDiv(now, 86_400_000L));
        java.util.List<String> shard = EventFiguresReadDailyRollupsIT.oneShard(2);
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), shard.get(0)).replace("\"partial\":",
                    "\"features\":{\"events\":{\"beta\":1}},\"partial\":")), now);
            store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), shard.get(1))), now);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Connection other = DriverManager.getConnection(url, "postgres", "")) {
                // another report's transaction: it made today's row of alpha and goes on to beta's, later in key order
                other.setAutoCommit(false);
                try (Statement statement = other.createStatement()) {
                    statement.execute("SET statement_timeout = 30000");
                    statement.executeUpdate("INSERT INTO ceip_event_day (epoch_day, kind, name, detail, shard,"
                            + " installations, amount, p50, p90, p99, worst_p99, max_ms) VALUES (" + today
                            + ", 'f', 'alpha', '', 0, 1, 1, 0, 0, 0, 0, 0)");
                    Future<ReportStore.Outcome> stored = pool.submit(() -> store.store(Reports.utf8(Reports.report(
                            UUID.randomUUID().toString(), shard.get(1)).replace("\"partial\":",
                            "\"features\":{\"events\":{\"alpha\":1,\"beta\":1}},\"partial\":")), now,
                            "ceip-reports-0 offset 5"));
                    await().atMost(Duration.ofSeconds(30)).until(() -> waiting(url) == 1);
                    statement.executeUpdate("UPDATE ceip_event_day SET amount = amount + 1 WHERE epoch_day = " + today
                            + " AND kind = 'f' AND name = 'beta' AND shard = 0");
                    other.rollback();
                    assertThat(stored.get(30, TimeUnit.SECONDS)).isEqualTo(ReportStore.Outcome.STORED);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        EventQueries.FeatureUse use = new EventQueries(url, "postgres", "", 30, 50).featureUse(QueryDeadline.in(30));
        assertThat(use.installations()).isEqualTo(Map.of("alpha", 1L, "beta", 2L));
    }

    @Test
    void retentionHoldingAStaleNameOfAnInstallationHoldsUpNoneOfItsReportsOfOtherNames() throws Exception {
        String url = postgres.database("stalename");
        long now = System.currentTimeMillis();
        String installation = UUID.randomUUID().toString();
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation).replace("\"partial\":",
                    "\"features\":{\"events\":{\"legacy\":1,\"export\":1}},\"partial\":")), now - 86_400_000L);
            try (Connection upkeep = DriverManager.getConnection(url, "postgres", "")) {
                upkeep.setAutoCommit(false); // the upkeep's long transaction, its latest day of legacy deleted
                try (Statement statement = upkeep.createStatement()) {
                    statement.executeUpdate("DELETE FROM ceip_installation_event WHERE name = 'legacy'");
                }
                ExecutorService pool = Executors.newSingleThreadExecutor();
                try {
                    Future<ReportStore.Outcome> stored = pool.submit(() -> store.store(Reports.utf8(Reports.report(
                            UUID.randomUUID().toString(), installation).replace("\"partial\":",
                            "\"features\":{\"events\":{\"export\":1}},\"partial\":")), now, "ceip-reports-0 offset 7"));
                    assertThat(stored.get(20, TimeUnit.SECONDS)).isEqualTo(ReportStore.Outcome.STORED);
                } finally {
                    upkeep.rollback();
                    pool.shutdownNow();
                }
            }
        }
    }

    /** Sessions of {@code url}'s database waiting on a lock. */
    private static int waiting(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND wait_event_type = 'Lock'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
