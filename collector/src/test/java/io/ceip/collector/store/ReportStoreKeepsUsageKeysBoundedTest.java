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
 * The store's usage rows (a real H2 file database): a report's {@code usage} and {@code features.counts} keys are
 * hostile, vendor-declared strings: at most 200 per source and report, cut to 100 characters, control and format
 * characters replaced, at most the day's share of new keys per report; values clamped to 0 .. 10^12, ranges at their
 * lower bound, a count by name summed, garbage not stored; a report delivered again adds no rows.
 */
class ReportStoreKeepsUsageKeysBoundedTest {

    @TempDir
    Path dir;

    String url;
    ReportStore store;

    @BeforeEach
    void open() throws Exception {
        url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        store = new ReportStore(url, "ceip", "", 1_000_000, 200);
        store.createSchema();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] report(String members) {
        String report = Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        return Reports.utf8(report.replace("\"usage\":{\"hosts\":12}", members));
    }

    private List<String> rows(String sql) throws Exception {
        return SqlRows.of(url, "ceip", sql);
    }

    @Test
    void hostileKeysAndValuesAreBounded() throws Exception {
        StringBuilder usage = new StringBuilder("\"usage\":{");
        for (int i = 0; i < 300; i++) {
            usage.append("\"k").append(String.format("%03d", i)).append("\":").append(i).append(',');
        }
        usage.append("\"z\":1}");
        String values = "\"features\":{\"counts\":{\"" + "x".repeat(500) + "\":1,\"" + "x".repeat(100) + "\":2,"
                + "\"line\\nbreak\\u2028\\u202e\":3,\"<img src=x onerror=alert(1)>\":4,\"minus\":-5,\"huge\":"
                + "1000000000000000,\"range\":\"6-10\",\"above\":\">1000\",\"text\":\"abc\",\"yes\":true,"
                + "\"half\":1.5,\"named\":{\"p:0123456789abcdef\":2,\"p:fedcba9876543210\":\"3-4\",\"bad\":\"x\"}}}";

        assertThat(store.store(report(usage + "," + values), null)).isEqualTo(ReportStore.Outcome.STORED);

        assertThat(rows("SELECT COUNT(*), MIN(usage_key), MAX(usage_key) FROM ceip_usage WHERE source = 'usage'"))
                .as("the first 200 keys").containsExactly("200|k000|k199");
        assertThat(rows("SELECT usage_key, amount FROM ceip_usage WHERE source = 'counts' ORDER BY usage_key"))
                .containsExactly("<img src=x onerror=alert(1)>|4", "above|1001", "huge|1000000000000",
                        "line?break??|3", "minus|0", "named|5", "range|6", "x".repeat(100) + "|1");
    }

    @Test
    void aReportDeliveredAgainAddsNoRows() throws Exception {
        byte[] json = report("\"usage\":{\"users\":7,\"projects\":4}");

        assertThat(store.store(json, null)).isEqualTo(ReportStore.Outcome.STORED);
        assertThat(store.store(json, null)).isEqualTo(ReportStore.Outcome.DUPLICATE);

        assertThat(rows("SELECT source, usage_key, amount FROM ceip_usage ORDER BY usage_key"))
                .containsExactly("usage|projects|4", "usage|users|7");
    }

    @Test
    void eachReportBringsAtMostItsShareOfNewKeysAndARestartKeepsThem() throws Exception {
        store.close();
        store = new ReportStore(url, "ceip", "", 40, 200); // a report brings at most 2 new keys
        long day = java.time.Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

        store.store(report("\"usage\":{\"a\":1,\"b\":1,\"c\":1}"), day);
        store.close();
        store = new ReportStore(url, "ceip", "", 40, 200);
        store.seedEventNames(java.time.Instant.ofEpochMilli(day));
        store.store(report("\"usage\":{\"a\":2,\"b\":2,\"c\":2,\"d\":2,\"e\":2}"), day + 1000);

        assertThat(rows("SELECT usage_key, amount FROM ceip_usage ORDER BY amount, usage_key"))
                .as("c past the first report's share; then a and b taken (also after the restart), c and d new")
                .containsExactly("a|1", "b|1", "a|2", "b|2", "c|2", "d|2");
    }
}
