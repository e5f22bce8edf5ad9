package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.ReportStore;
import io.ceip.collector.support.ErringJdbc;
import io.ceip.collector.support.Reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resend whose store failed for a reason of the store's own (the database's connection lost: SQL state 08006, not
 * the record's: store.StoreFailure) counted an attempt on the record and wrote that failure as its {@code reason}
 * once the database answered again, so the row no longer named the failure it was quarantined for (a stack overflow)
 * and its attempts counted outages. The row now stays as it was; the answer still says the record was not stored,
 * why, and that it is kept (exit code 1).
 */
class QuarantineResendOfAStoresOwnFailureLeavesTheRowTest {

    @TempDir
    Path dir;

    @AfterEach
    void disarm() {
        ErringJdbc.disarm();
    }

    @Test
    void aLostConnectionIsNotTheRecordsFailure() throws Exception {
        String h2 = "jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath();
        String reportId = UUID.randomUUID().toString();
        try (ReportStore store = new ReportStore(h2, "ceip", "", 2_000, 200)) {
            store.createSchema();
        }
        try (Connection connection = DriverManager.getConnection(h2, "ceip", "");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO ceip_report_quarantine (topic,"
                        + " record_partition, record_offset, reason, record, quarantined_at, attempts) VALUES"
                        + " ('ceip-reports', 0, 4, 'java.lang.StackOverflowError', ?, ?, 10)")) {
            insert.setBytes(1, Reports.utf8(Reports.report(reportId, UUID.randomUUID().toString())));
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        String id = QuarantineResendScenario.rows(h2, "ceip", "SELECT id FROM ceip_report_quarantine").get(0);
        ErringJdbc.armFor(reportId, () -> new SQLException("connection reset", "08006"));

        QuarantineResendScenario.Answer answer = QuarantineResendScenario.command(Map.of("collector.store.jdbc-url",
                ErringJdbc.url(h2), "collector.store.user", "ceip"), "resend", id);

        assertThat(answer.code()).isEqualTo(1);
        assertThat(answer.out()).startsWith("record " + id + " (ceip-reports-0 offset 4): not stored"
                + " (java.sql.SQLException (SQL state 08006)), kept in the quarantine\n");
        assertThat(QuarantineResendScenario.rows(h2, "ceip", "SELECT attempts || ' ' || reason FROM"
                + " ceip_report_quarantine")).containsExactly("10 java.lang.StackOverflowError");
    }
}
