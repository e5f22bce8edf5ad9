package io.ceip.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.intake.FloodGuard;
import io.ceip.collector.store.ReportStore;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet view's sums of counts (feature uses, error occurrences, operation runs) past a long are shown as
 * {@link Long#MAX_VALUE}, not a failed figure (each stored count is at most 10^12, but 9.3 million rows of one name
 * at the bound pass a long; review s21 collector L4). The daily roll-up rows are written directly, a few with large
 * sums standing for millions of reports at the bound; a sum just below a long is exact.
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
        insert("f", List.of(new Object[] {today, "export", "", HALF}, new Object[] {today, "export", "", HALF},
                new Object[] {today, "import", "", Long.MAX_VALUE - 2}, new Object[] {today, "import", "", 1L}));
        insert("e", List.of(new Object[] {today, "0123456789abcdef", "java.io.IOException", HALF},
                new Object[] {today, "0123456789abcdef", "java.io.IOException", HALF}));
        insert("d", List.of(new Object[] {today, "sync", "", HALF, 10, 20, 30, 40},
                new Object[] {today, "sync", "", HALF, 30, 40, 50, 60}));
        EventQueries events = new EventQueries(url, "ceip", "", 30, 20);

        String day = today.toString();
        assertThat(events.featureUse(QueryDeadline.in(30)).uses()).isEqualTo(Map.of("export", Map.of(day, Long.MAX_VALUE),
                "import", Map.of(day, Long.MAX_VALUE - 1)));
        assertThat(events.topErrors(QueryDeadline.in(30))).containsExactly(
                new EventQueries.ErrorRow("0123456789abcdef", "java.io.IOException", Long.MAX_VALUE, 2));
        assertThat(events.operationDurations(QueryDeadline.in(30))).as("the means over the exact runs")
                .containsExactly(new EventQueries.DurationRow("sync", Long.MAX_VALUE, 2, 20, 30, 40, 50, 60));

        FleetView fleet = new FleetView(new FleetQueries(url, "ceip", "", 30), events, TOKEN, new FloodGuard(0), 30, 1000);
        assertThat(fleet.page("Bearer " + TOKEN, null)).contains("9223372036854775807 uses")
                .contains("9223372036854775806 uses");
        assertThat(fleet.json("Bearer " + TOKEN, "top-errors.json", null)).contains("\"count\":9223372036854775807");
    }

    /** Two days of one week, each below a long, past it together: the week's bucket is saturated, not wrapped. */
    @Test
    void aBucketOfDaysPastALongIsSaturated() throws Exception {
        LocalDate monday = LocalDate.now(ZoneOffset.UTC).minusWeeks(1).with(TemporalAdjusters.previousOrSame(
                DayOfWeek.MONDAY));
        insert("f", List.of(new Object[] {monday, "export", "", HALF},
                new Object[] {monday.plusDays(1), "export", "", HALF}));

        EventQueries.FeatureUse use = new EventQueries(url, "ceip", "", 100, 20).featureUse(QueryDeadline.in(30));

        assertThat(use.bucket()).isEqualTo("week");
        assertThat(use.uses()).isEqualTo(Map.of("export", Map.of(monday.toString(), Long.MAX_VALUE)));
    }

    /**
     * Roll-up rows ({@code ceip_event_day}) of {@code kind}, each of one installation (its own shard): the day, the
     * name, the detail, the sum, and for an operation its p50, p90, p99 and max (its weighted sums: runs times each).
     */
    private void insert(String kind, List<Object[]> rows) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                PreparedStatement statement = connection.prepareStatement("INSERT INTO ceip_event_day (epoch_day,"
                        + " kind, name, detail, shard, installations, amount, p50, p90, p99, worst_p99, max_ms)"
                        + " VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)")) {
            int shard = 0;
            for (Object[] row : rows) {
                statement.setInt(1, (int) ((LocalDate) row[0]).toEpochDay());
                statement.setString(2, kind);
                statement.setString(3, (String) row[1]);
                statement.setString(4, (String) row[2]);
                statement.setInt(5, shard++);
                BigDecimal runs = BigDecimal.valueOf((Long) row[3]);
                statement.setBigDecimal(6, runs);
                for (int i = 0; i < 3; i++) {
                    statement.setBigDecimal(7 + i, row.length > 4 ? runs.multiply(BigDecimal.valueOf((Integer) row[4
                            + i])) : BigDecimal.ZERO);
                }
                statement.setInt(10, row.length > 4 ? (Integer) row[6] : 0);
                statement.setInt(11, row.length > 4 ? (Integer) row[7] : 0);
                statement.executeUpdate();
            }
        }
    }
}
