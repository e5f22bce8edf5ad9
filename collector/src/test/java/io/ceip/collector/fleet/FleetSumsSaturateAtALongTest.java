package io.ceip.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.intake.FloodGuard;
import io.ceip.collector.store.ReportStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet view's sums of counts (feature uses, error occurrences, operation runs) past a long are shown as
 * {@link Long#MAX_VALUE}, not a failed figure (each stored count is at most 10^12, but 9.3 million rows of one name
 * at the bound pass a long; review s21 collector L4). The rows are written directly, a few with large counts standing
 * for millions at the bound; a sum just below a long is exact.
 */
class FleetSumsSaturateAtALongTest {

    private static final long HALF = 5_000_000_000_000_000_000L; // two of them pass Long.MAX_VALUE
    private static final String TOKEN = "the-fleet-token-0123456789";

    @TempDir
    Path dir;
    private String url;

    @BeforeEach
    void schema() throws Exception {
        url = "jdbc:h2:file:" + dir.resolve("db/c").toAbsolutePath();
        ReportStore store = new ReportStore(url, "ceip", "", 2000, 200);
        store.createSchema();
        store.close();
    }

    @Test
    void sumsPastALongAreSaturatedAndOneBelowIsExact() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insert("ceip_feature_use (report_id, installation_id, received_at, feature, uses)",
                List.of(new Object[] {today, "export", HALF}, new Object[] {today, "export", HALF},
                        new Object[] {today, "import", Long.MAX_VALUE - 2}, new Object[] {today, "import", 1L}));
        insert("ceip_error (report_id, installation_id, received_at, fingerprint, exception_type, occurrences)",
                List.of(new Object[] {today, "0123456789abcdef", "java.io.IOException", HALF},
                        new Object[] {today, "0123456789abcdef", "java.io.IOException", HALF}));
        insert("ceip_duration (report_id, installation_id, received_at, operation, runs, p50_ms, p90_ms, p99_ms,"
                + " max_ms)", List.of(new Object[] {today, "sync", HALF, 10, 20, 30, 40},
                        new Object[] {today, "sync", HALF, 30, 40, 50, 60}));
        EventQueries events = new EventQueries(url, "ceip", "", 30, 20);

        String day = today.toString();
        assertThat(events.featureUse(QueryDeadline.in(30)).uses()).isEqualTo(Map.of("export", Map.of(day, Long.MAX_VALUE),
                "import", Map.of(day, Long.MAX_VALUE - 1)));
        assertThat(events.topErrors(QueryDeadline.in(30))).containsExactly(
                new EventQueries.ErrorRow("0123456789abcdef", "java.io.IOException", Long.MAX_VALUE, 2));
        assertThat(events.operationDurations(QueryDeadline.in(30))).as("the means over the exact runs")
                .containsExactly(new EventQueries.DurationRow("sync", Long.MAX_VALUE, 2, 20, 30, 40, 50, 60));

        FleetView fleet = new FleetView(new FleetQueries(url, "ceip", "", 30), events, TOKEN, new FloodGuard(0), 30);
        assertThat(fleet.page("Bearer " + TOKEN, null)).contains("9223372036854775807 uses")
                .contains("9223372036854775806 uses");
        assertThat(fleet.json("Bearer " + TOKEN, "top-errors.json", null)).contains("\"count\":9223372036854775807");
    }

    /** Two days of one week, each below a long, past it together: the week's bucket is saturated, not wrapped. */
    @Test
    void aBucketOfDaysPastALongIsSaturated() throws Exception {
        LocalDate monday = LocalDate.now(ZoneOffset.UTC).minusWeeks(1).with(TemporalAdjusters.previousOrSame(
                DayOfWeek.MONDAY));
        insert("ceip_feature_use (report_id, installation_id, received_at, feature, uses)",
                List.of(new Object[] {monday, "export", HALF}, new Object[] {monday.plusDays(1), "export", HALF}));

        EventQueries.FeatureUse use = new EventQueries(url, "ceip", "", 100, 20).featureUse(QueryDeadline.in(30));

        assertThat(use.bucket()).isEqualTo("week");
        assertThat(use.uses()).isEqualTo(Map.of("export", Map.of(monday.toString(), Long.MAX_VALUE)));
    }

    /** Rows, each its own report and installation: the day received (at noon UTC), then the table's own columns. */
    private void insert(String table, List<Object[]> rows) throws Exception {
        int columns = rows.get(0).length + 2;
        String marks = String.join(", ", java.util.Collections.nCopies(columns, "?"));
        try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table + " VALUES ("
                        + marks + ")")) {
            for (Object[] row : rows) {
                statement.setString(1, UUID.randomUUID().toString());
                statement.setString(2, UUID.randomUUID().toString());
                statement.setTimestamp(3, Timestamp.from(((LocalDate) row[0]).atTime(12, 0).toInstant(ZoneOffset.UTC)));
                for (int i = 1; i < row.length; i++) {
                    statement.setObject(i + 3, row[i]);
                }
                statement.executeUpdate();
            }
        }
    }
}
