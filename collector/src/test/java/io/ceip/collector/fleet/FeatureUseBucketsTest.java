package io.ceip.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.ReportStore;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feature use is counted per day up to a 62-day window, per week (from Monday) up to 434 days, else per month. */
class FeatureUseBucketsTest {

    @TempDir
    Path dir;

    private EventQueries.FeatureUse featureUse(int windowDays) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db-" + windowDays).toAbsolutePath();
        try (ReportStore store = new ReportStore(url, "ceip", "", 2_000, 200)) {
            store.createSchema();
        }
        return new EventQueries(url, "ceip", "", windowDays, 20).featureUse(QueryDeadline.in(30));
    }

    @Test
    void aBucketStartsOnItsDayItsMondayOrTheFirstOfItsMonth() {
        LocalDate sunday = LocalDate.of(2026, 11, 29);

        assertThat(EventQueries.bucketOf(sunday, "day")).isEqualTo(sunday);
        assertThat(EventQueries.bucketOf(sunday, "week")).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(EventQueries.bucketOf(sunday, "month")).isEqualTo(LocalDate.of(2026, 11, 1));
    }

    @Test
    void theWindowDecidesTheBucketAndEveryBucketOfTheWindowIsOnTheAxis() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        EventQueries.FeatureUse days = featureUse(62);
        EventQueries.FeatureUse weeks = featureUse(63);
        EventQueries.FeatureUse months = featureUse(435);

        assertThat(days.bucket()).isEqualTo("day");
        assertThat(days.buckets()).hasSize(63).startsWith(today.minusDays(62)).endsWith(today);
        assertThat(weeks.bucket()).isEqualTo("week");
        assertThat(weeks.buckets()).allMatch(d -> d.getDayOfWeek() == DayOfWeek.MONDAY).hasSizeBetween(10, 11)
                .endsWith(EventQueries.bucketOf(today, "week"));
        assertThat(months.bucket()).isEqualTo("month");
        assertThat(months.buckets()).allMatch(d -> d.getDayOfMonth() == 1).hasSizeBetween(15, 16)
                .endsWith(today.withDayOfMonth(1));
        assertThat(days.uses()).isEmpty();
    }
}
