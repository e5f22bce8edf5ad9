package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.Reports;
import io.ceip.collector.support.SqlRows;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's event rows (a real H2 file database): a report delivered again adds none (they share the report's
 * transaction); hostile values are bounded: names cut and without control characters, at most 1000 rows per table
 * and report (the rest counted under "other"), counts clamped, ranges at their lower bound, garbage counts skipped,
 * times clamped.
 */
class ReportStoreKeepsEventsBoundedTest {

    @TempDir
    Path dir;

    String url;
    ReportStore store;

    @BeforeEach
    void open() throws Exception {
        url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        store = new ReportStore(url, "ceip", "", 1_000_000, 200); // the name bound out of the way (its own test below)
        store.createSchema();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] report(String events) {
        String report = Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        return Reports.utf8(report.replace("\"partial\":", events + ",\"partial\":"));
    }

    private List<String> rows(String sql) throws Exception {
        return SqlRows.of(url, "ceip", sql);
    }

    @Test
    void aReportDeliveredAgainAddsNoEventRows() throws Exception {
        byte[] json = report("\"features\":{\"events\":{\"a\":2,\"b\":3}},\"errors\":{\"0123456789abcdef\":"
                + "{\"exception\":\"java.lang.Error\",\"count\":1}},\"durations\":{\"d\":{\"count\":1,\"p50\":1,"
                + "\"p90\":2,\"p99\":3,\"max\":4}}");

        assertThat(store.store(json, null)).isEqualTo(ReportStore.Outcome.STORED);
        assertThat(store.store(json, null)).isEqualTo(ReportStore.Outcome.DUPLICATE);

        assertThat(rows("SELECT feature, uses FROM ceip_feature_use ORDER BY feature")).containsExactly("a|2", "b|3");
        assertThat(rows("SELECT fingerprint, exception_type, occurrences FROM ceip_error"))
                .containsExactly("0123456789abcdef|java.lang.Error|1");
        assertThat(rows("SELECT operation, runs, p50_ms, p90_ms, p99_ms, max_ms FROM ceip_duration"))
                .containsExactly("d|1|1|2|3|4");
        // the connection went back in auto-commit: the next report is stored and visible at once
        assertThat(store.store(report("\"features\":{\"events\":{\"c\":1}}"), null))
                .isEqualTo(ReportStore.Outcome.STORED);
        assertThat(rows("SELECT COUNT(*) FROM ceip_feature_use")).containsExactly("3");
    }

    @Test
    void hostileNamesAndCountsAreBounded() throws Exception {
        StringBuilder events = new StringBuilder("\"features\":{\"events\":{");
        for (int i = 0; i < 1500; i++) {
            events.append("\"f").append(i).append("\":1,");
        }
        events.append("\"g\":2}},\"durations\":{\"op\":{\"count\":3,\"p50\":-1,\"p90\":2,")
                .append("\"p99\":99999999999,\"max\":99999999999}}");

        assertThat(store.store(report(events.toString()), null)).isEqualTo(ReportStore.Outcome.STORED);

        assertThat(rows("SELECT COUNT(*) FROM ceip_feature_use")).containsExactly("1000");
        assertThat(rows("SELECT uses FROM ceip_feature_use WHERE feature = 'other'"))
                .as("the 501 names past the first 999, and g (2)").containsExactly("503");
        assertThat(rows("SELECT operation, runs, p50_ms, p90_ms, p99_ms, max_ms FROM ceip_duration"))
                .containsExactly("op|3|0|2|" + Integer.MAX_VALUE + "|" + Integer.MAX_VALUE);
    }

    @Test
    void eachReportBringsAtMostItsShareOfNewNamesAndTakenNamesStay() throws Exception {
        store.close();
        store = new ReportStore(url, "ceip", "", 40, 200); // a report brings at most 2 new names of a kind
        long day = java.time.Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
        String errors = ",\"errors\":{\"000000000000000a\":{\"exception\":\"A\",\"count\":1},"
                + "\"000000000000000b\":{\"exception\":\"A\",\"count\":1},"
                + "\"000000000000000c\":{\"exception\":\"A\",\"count\":1}}";
        String durations = ",\"durations\":{\"o1\":{\"count\":1},\"o2\":{\"count\":1},"
                + "\"o3\":{\"count\":1}}";

        store.store(report("\"features\":{\"events\":{\"a\":1,\"b\":1,\"c\":1}}" + errors + durations), day);
        store.store(report("\"features\":{\"events\":{\"a\":1,\"b\":1,\"c\":5,\"other\":1}},\"errors\":{"
                + "\"000000000000000a\":{\"exception\":\"B\",\"count\":2}}"), day + 86_400_000);

        assertThat(rows("SELECT feature, SUM(uses) FROM ceip_feature_use GROUP BY feature ORDER BY feature"))
                .as("c past the first report's share, as other; the next day a and b, taken, and c, new")
                .containsExactly("a|2", "b|2", "c|5", "other|2");
        assertThat(rows("SELECT fingerprint, exception_type, occurrences FROM ceip_error"
                + " ORDER BY fingerprint, occurrences"))
                .as("c past the share; a with another exception type is a new name: taken the next day")
                .containsExactly("000000000000000a|A|1", "000000000000000a|B|2", "000000000000000b|A|1",
                        "other|other|1");
        assertThat(rows("SELECT operation FROM ceip_duration ORDER BY operation")).containsExactly("o1", "o2");
    }

    /**
     * A store node started again takes the names its database holds of the last days into the bound: the day's bound
     * is not granted afresh by a restart, and the names already taken stay taken.
     */
    @Test
    void aRestartKeepsTheDaysBound() throws Exception {
        store.close();
        store = new ReportStore(url, "ceip", "", 40, 200); // 2 new names a report, 40 a day
        java.time.Instant now = java.time.Instant.parse("2026-12-01T10:00:00Z");
        for (int i = 0; i < 20; i++) {
            store.store(report("\"features\":{\"events\":{\"f" + i + "a\":1,\"f" + i + "b\":1}},\"errors\":{"
                    + "\"00000000000000" + String.format("%02x", i) + "\":{\"exception\":\"E\",\"count\":1}}"),
                    now.toEpochMilli());
        }
        store.close();

        store = new ReportStore(url, "ceip", "", 40, 200);
        store.seedEventNames(now.plusSeconds(3600));
        store.store(report("\"features\":{\"events\":{\"new\":1,\"f3a\":2}},\"errors\":{\"0000000000000003\":"
                + "{\"exception\":\"E\",\"count\":5}}"), now.plusSeconds(3600).toEpochMilli());

        assertThat(rows("SELECT feature, SUM(uses) FROM ceip_feature_use WHERE feature IN ('new', 'f3a', 'other')"
                + " GROUP BY feature ORDER BY feature")).as("the day's 40 were taken before the restart")
                .containsExactly("f3a|3", "other|1");
        assertThat(rows("SELECT SUM(occurrences) FROM ceip_error WHERE fingerprint = '0000000000000003'"))
                .as("an error name taken before the restart stays taken").containsExactly("6");
    }

    @Test
    void namesAreCutAndCleanedCountsClampedRangesTakenAtTheirLowerBoundAndGarbageSkipped() throws Exception {
        String events = "\"features\":{\"events\":{\"" + "x".repeat(5000) + "\":7,\"" + "x".repeat(4999) + "y\":2,\"line\\nbreak\\u0000nul\":1,"
                + "\"huge\":100000000000000000000000000000,\"negative\":-5,\"range\":\"6-10\",\"above\":\">1000\","
                + "\"zero\":\"0\",\"garbage\":\"many\",\"float\":1.5}},\"errors\":{\"other\":{\"exception\":"
                + "\"<b>x</b>\",\"count\":\"11-25\"}}";

        assertThat(store.store(report(events), null)).isEqualTo(ReportStore.Outcome.STORED);

        assertThat(rows("SELECT feature, uses FROM ceip_feature_use ORDER BY feature")).containsExactly(
                "above|1001", "huge|" + EventValues.MAX_COUNT, "line?break?nul|1", "negative|0", "range|6",
                "x".repeat(100) + "|9", "zero|0");
        assertThat(rows("SELECT fingerprint, exception_type, occurrences FROM ceip_error"))
                .as("the 'other' fingerprint is always exception 'other'").containsExactly("other|other|11");
    }
}
