package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ceip.collector.support.Reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-node form's retention: reports older than the retention are deleted with their event rows, the rest
 * kept; 0 keeps all.
 */
class RetentionOnH2Test {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void reportsOlderThanTheRetentionAreDeletedAndTheOthersKept() throws Exception {
        try (ReportStore store = new ReportStore("jdbc:h2:file:" + dir.resolve("db"), "ceip", "", 2_000, 200)) {
            store.createSchema();
            String old = UUID.randomUUID().toString();
            String kept = UUID.randomUUID().toString();
            store.store(Reports.utf8(Reports.report(old, UUID.randomUUID().toString())), monthsAgo(14));
            store.store(Reports.utf8(Reports.report(kept, UUID.randomUUID().toString())), monthsAgo(12));

            new Retention(store, 13, Clock.fixed(NOW, ZoneOffset.UTC)).run();

            assertThat(store.contains(old)).isFalse();
            assertThat(store.contains(kept)).isTrue();
            assertThat(store.count()).isEqualTo(1);
        }
    }

    @Test
    void theEventRowsOfDeletedReportsGoWithThem() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (ReportStore store = new ReportStore(url, "ceip", "", 2_000, 200)) {
            store.createSchema();
            store.store(withEvents(), monthsAgo(14));
            store.store(withEvents(), monthsAgo(1));

            new Retention(store, 13, Clock.fixed(NOW, ZoneOffset.UTC)).run();

            try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                    Statement statement = connection.createStatement()) {
                for (String table : new String[] {"ceip_feature_use", "ceip_error", "ceip_duration", "ceip_usage"}) {
                    try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                        rows.next();
                        assertThat(rows.getLong(1)).as(table).isEqualTo(1);
                    }
                }
            }
        }
    }

    private static byte[] withEvents() {
        String report = Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        return Reports.utf8(report.replace("\"partial\":", "\"features\":{\"events\":{\"a\":2}},\"errors\":"
                + "{\"0123456789abcdef\":{\"exception\":\"java.lang.Error\",\"count\":1}},\"durations\":{\"d\":"
                + "{\"count\":1,\"p50\":1,\"p90\":2,\"p99\":3,\"max\":4}},\"partial\":"));
    }

    /**
     * More rows than one batch of row IDs ({@link RangeBatches#ROWS}), old and kept ones interleaved: every old one
     * deleted over the batches, every kept one left (counts before and after).
     */
    @Test
    void rowsOfSeveralBatchesInterleavedWithKeptOnesAreDeletedEachBatchOnItsOwn() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        int rows = 2 * RangeBatches.ROWS + 7;
        try (ReportStore store = new ReportStore(url, "ceip", "", 2_000, 200)) {
            store.createSchema();
            try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                    Statement statement = connection.createStatement()) {
                String at = "CASE WHEN MOD(X, 3) = 0 THEN TIMESTAMP WITH TIME ZONE '2026-11-20 00:00:00+00'"
                        + " ELSE TIMESTAMP WITH TIME ZONE '2025-01-20 00:00:00+00' END";
                statement.execute("INSERT INTO ceip_report (report_id, installation_id, received_at, report) SELECT"
                        + " CAST(RANDOM_UUID() AS VARCHAR), 'i', " + at + ", '{}' FORMAT JSON FROM SYSTEM_RANGE(1, "
                        + rows + ")");
                statement.execute("INSERT INTO ceip_feature_use (report_id, installation_id, received_at, feature,"
                        + " uses) SELECT 'r', 'i', " + at + ", 'f', 1 FROM SYSTEM_RANGE(1, " + rows + ")");
                assertThat(counts(statement)).containsExactly((long) rows, (long) rows);
            }

            new Retention(store, 13, Clock.fixed(NOW, ZoneOffset.UTC)).run();

            try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                    Statement statement = connection.createStatement()) {
                assertThat(counts(statement)).containsExactly((long) rows / 3, (long) rows / 3);
            }
        }
    }

    private static List<Long> counts(Statement statement) throws Exception {
        List<Long> counts = new ArrayList<>();
        for (String table : new String[] {"ceip_report", "ceip_feature_use"}) {
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rows.next();
                counts.add(rows.getLong(1));
            }
        }
        return counts;
    }

    @Test
    void zeroMonthsKeepsEverythingAndANegativeRetentionIsRefused() throws Exception {
        try (ReportStore store = new ReportStore("jdbc:h2:file:" + dir.resolve("db"), "ceip", "", 2_000, 200)) {
            store.createSchema();
            store.store(Reports.utf8(Reports.any()), monthsAgo(600));

            Retention forever = new Retention(store, 0, Clock.fixed(NOW, ZoneOffset.UTC));
            forever.run();

            assertThat(forever.cutoff()).isNull();
            assertThat(store.count()).isEqualTo(1);
            assertThatThrownBy(() -> new Retention(store, -1, Clock.systemUTC()))
                    .hasMessage("collector.store.retention-months: -1 is below 0");
        }
    }

    static long monthsAgo(int months) {
        return NOW.atOffset(ZoneOffset.UTC).minusMonths(months).toInstant().toEpochMilli();
    }
}
