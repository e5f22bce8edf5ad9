package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.Reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store node started again takes a value or name the fleet sent on each of the last days as seen on the last day
 * it was stored, not only on the first (review s19-fixes D1): the next day, when made-up values fill the day's bound
 * first, the fleet's OS and feature are still stored under their own names.
 */
class ReportStoreRestartKeepsNamesSentEveryDayTest {

    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    private ReportStore store;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aValueSentOnEachOfTheLastDaysStaysTakenAfterARestart() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        long today = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();
        store = new ReportStore(url, "ceip", "", 2, 2); // 2 new event names (1 a report) and column values a day
        store.createSchema();
        for (int ago = EventNames.DAYS_KEPT - 1; ago >= 0; ago--) {
            store.store(report("Linux", "open"), today - ago * DAY);
            store.store(report("os-new-" + ago, "f-new-" + ago), today - ago * DAY); // a day entry each day
        }
        store.close();

        store = new ReportStore(url, "ceip", "", 2, 2);
        store.seedEventNames(Instant.ofEpochMilli(today));
        long tomorrow = today + DAY;
        store.store(report("junk-1", "junk-1"), tomorrow);
        store.store(report("junk-2", "junk-2"), tomorrow);
        store.store(report("junk-3", "junk-3"), tomorrow);
        store.store(report("Linux", "open"), tomorrow);

        assertThat(rows(url, "SELECT os_name FROM ceip_report WHERE received_at >= TIMESTAMP WITH TIME ZONE"
                + " '2026-12-04 00:00:00+00' ORDER BY os_name")).as("the day's 2 new values, then Linux, taken")
                .containsExactly("Linux", "junk-1", "junk-2", "other");
        assertThat(rows(url, "SELECT feature FROM ceip_feature_use WHERE received_at >= TIMESTAMP WITH TIME ZONE"
                + " '2026-12-04 00:00:00+00' AND feature IN ('open', 'other') ORDER BY feature"))
                .as("the day's 2 new names, then open, taken").containsExactly("open", "other");
    }

    private static byte[] report(String os, String feature) {
        String report = Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "full",
                Reports.PRODUCT, "1.0.0", os, "17.0.15", "PostgreSQL");
        return Reports.utf8(report.replace("\"partial\":", "\"features\":{\"events\":{\"" + feature
                + "\":1}},\"partial\":"));
    }

    private static List<String> rows(String url, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
