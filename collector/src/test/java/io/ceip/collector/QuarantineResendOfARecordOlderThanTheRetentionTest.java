package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.ReportStore;
import io.ceip.collector.support.Reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resent record is stored with its Kafka time as {@code received_at}: one older than
 * {@code collector.store.retention-months} made its month again (on PostgreSQL its partition) and went at the next
 * upkeep, with the report, while {@code quarantine resend} had answered "stored" and deleted the row, the report's last
 * copy. It is now not sent: the answer says its time is older than the setting (naming it), the row stays as it was
 * (its attempts and reason), exit code 1; a record inside the retention is stored beside it; with the setting raised
 * (here 0: for ever) the old one is stored. On H2 here, on PostgreSQL in {@code QuarantineCommandResendsOnPostgresIT}.
 */
class QuarantineResendOfARecordOlderThanTheRetentionTest {

    @TempDir
    Path dir;

    @Test
    void anOldRecordIsKeptAndTheAnswerSaysWhy() throws Exception {
        scenario("jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath(), "ceip");
    }

    /** The scenario on the database at {@code url}, as {@code user} (no password). */
    static void scenario(String url, String user) throws Exception {
        try (ReportStore store = new ReportStore(url, user, "", 2_000, 200)) {
            store.createSchema();
        }
        Instant now = Instant.now();
        Instant old = now.atOffset(ZoneOffset.UTC).minusMonths(13).minusDays(2).toInstant()
                .truncatedTo(ChronoUnit.MILLIS);
        Instant young = now.atOffset(ZoneOffset.UTC).minusMonths(12).toInstant();
        String oldReport = UUID.randomUUID().toString();
        String youngReport = UUID.randomUUID().toString();
        insert(url, user, 1, oldReport, old);
        insert(url, user, 2, youngReport, young);
        String oldId = QuarantineResendScenario.rows(url, user, "SELECT id FROM ceip_report_quarantine WHERE"
                + " record_offset = 1").get(0);
        String youngId = QuarantineResendScenario.rows(url, user, "SELECT id FROM ceip_report_quarantine WHERE"
                + " record_offset = 2").get(0);
        Map<String, String> node = Map.of("collector.store.jdbc-url", url, "collector.store.user", user);

        QuarantineResendScenario.Answer all = QuarantineResendScenario.command(node, "resend", "--all");

        assertThat(all.code()).as(all.err()).isEqualTo(1);
        assertThat(all.out()).isEqualTo("record " + oldId + " (ceip-reports-0 offset 1): not stored (its time " + old
                + " is older than collector.store.retention-months (13), which the store's upkeep drops: raise the"
                + " setting to store it, or delete the row), kept in the quarantine\n"
                + "record " + youngId + " (ceip-reports-0 offset 2): stored, removed from the quarantine\n"
                + "2 record(s) resent: 1 stored, 0 already stored, 1 kept, 0 not found\n");
        assertThat(QuarantineResendScenario.rows(url, user, "SELECT report_id FROM ceip_report"))
                .containsExactly(youngReport);
        assertThat(QuarantineResendScenario.rows(url, user, "SELECT id || ' ' || attempts || ' ' || reason FROM"
                + " ceip_report_quarantine")).containsExactly(oldId + " 3 java.lang.StackOverflowError");

        QuarantineResendScenario.Answer kept = QuarantineResendScenario.command(Map.of("collector.store.jdbc-url",
                url, "collector.store.user", user, "collector.store.retention-months", "0"), "resend", oldId);

        assertThat(kept.code()).as(kept.err()).isZero();
        assertThat(kept.out()).startsWith("record " + oldId + " (ceip-reports-0 offset 1): stored, removed from the"
                + " quarantine\n");
        assertThat(QuarantineResendScenario.rows(url, user, "SELECT received_at FROM ceip_report WHERE report_id = '"
                + oldReport + "'")).containsExactly(old.toString());
        assertThat(QuarantineResendScenario.rows(url, user, "SELECT id FROM ceip_report_quarantine")).isEmpty();
    }

    private static void insert(String url, String user, long offset, String reportId, Instant recordTime)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO ceip_report_quarantine (topic,"
                        + " record_partition, record_offset, reason, record, quarantined_at, attempts, record_time)"
                        + " VALUES ('ceip-reports', 0, ?, 'java.lang.StackOverflowError', ?, ?, 3, ?)")) {
            insert.setLong(1, offset);
            insert.setBytes(2, Reports.utf8(Reports.report(reportId, UUID.randomUUID().toString())));
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.setTimestamp(4, Timestamp.from(recordTime));
            insert.executeUpdate();
        }
    }
}
