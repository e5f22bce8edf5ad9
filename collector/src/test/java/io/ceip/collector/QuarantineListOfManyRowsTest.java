package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.ReportStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarantine list} held every row in memory before printing (some 200 MB at the 1,000,000 maximum of
 * {@code collector.store.quarantine-max-records}); it now prints them as it reads them, 500 rows a query. The listing
 * of 1,203 rows (past two pages, with ids missing at a page's ends, a record with no value, a topic with a control
 * character) is exactly what it was: the count, the header, then each row in id order, each once.
 */
class QuarantineListOfManyRowsTest {

    @TempDir
    Path dir;

    @Test
    void everyRowIsListedOnceInOrderAsBefore() throws Exception {
        String h2 = "jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath();
        try (ReportStore store = new ReportStore(h2, "ceip", "", 2_000, 200)) {
            store.createSchema();
        }
        Instant at = Instant.parse("2026-12-01T10:00:00.123Z");
        try (Connection connection = DriverManager.getConnection(h2, "ceip", "");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO ceip_report_quarantine (topic,"
                        + " record_partition, record_offset, reason, record, quarantined_at, attempts) VALUES"
                        + " (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 1_206; i++) {
                insert.setString(1, i == 700 ? "ceip-\u001breports" : "ceip-reports");
                insert.setInt(2, i % 3);
                insert.setLong(3, i);
                insert.setString(4, i % 2 == 0 ? "java.lang.StackOverflowError" : "java.sql.SQLException (SQL state"
                        + " 22001)");
                insert.setBytes(5, i == 999 ? null : new byte[i % 50]);
                insert.setTimestamp(6, Timestamp.from(at.plusSeconds(i)));
                insert.setInt(7, i % 11);
                insert.addBatch();
            }
            insert.executeBatch();
            try (Statement statement = connection.createStatement()) { // ids missing where a page ends and begins
                statement.executeUpdate("DELETE FROM ceip_report_quarantine WHERE record_offset IN (499, 500, 1000)");
            }
        }
        StringBuilder expected = new StringBuilder("1203 record(s) in ceip_report_quarantine (at most 1000,"
                + " collector.store.quarantine-max-records)\nid\tquarantined at\tplace\tattempts\tbytes\treason\n");
        try (Connection connection = DriverManager.getConnection(h2, "ceip", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, record_offset, topic, record_partition, attempts,"
                        + " record, reason FROM ceip_report_quarantine ORDER BY record_offset")) {
            while (rows.next()) {
                long offset = rows.getLong(2);
                byte[] record = rows.getBytes(6);
                expected.append(rows.getLong(1)).append('\t').append(at.plusSeconds(offset)).append('\t')
                        .append(offset == 700 ? "ceip-?reports" : "ceip-reports").append('-').append(rows.getInt(4))
                        .append(" offset ").append(offset).append('\t').append(rows.getInt(5)).append('\t')
                        .append(record == null ? "no value" : String.valueOf(record.length)).append('\t')
                        .append(rows.getString(7)).append('\n');
            }
        }

        QuarantineResendScenario.Answer list = QuarantineResendScenario.command(Map.of("collector.store.jdbc-url", h2,
                "collector.store.user", "ceip"), "list");

        assertThat(list.code()).isZero();
        assertThat(list.err()).isEmpty();
        assertThat(list.out().lines()).hasSize(1_205);
        assertThat(list.out()).isEqualTo(expected.toString());
    }
}
