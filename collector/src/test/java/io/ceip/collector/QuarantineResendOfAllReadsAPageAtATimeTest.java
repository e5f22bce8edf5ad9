package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.ReportStore;
import io.ceip.collector.support.Reports;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarantine resend --all} read every id of the table into memory before its first resend (20-30 MB at 10^6
 * rows); it now reads them a page of 500 at a time, by id. On a real H2 database of 1,206 quarantined records (three
 * pages; six reports whose cause is gone, one already stored, the rest not reports, refused again), while the first
 * report's store (an H2 trigger in its transaction) deletes the next row (read, not yet resent), a row of the last
 * page (not read yet) and quarantines two new records: every row there at the start and not deleted is resent exactly
 * once, in id order; the row deleted after its page was read is "not in the quarantine", the one of the later page
 * is not named at all, the two new ones are left for the next resend; the count line says exactly what the lines say.
 * H2's own query statistics show that no query of the resend read more than 500 rows of the quarantine (before:
 * one query of 1,206 rows, and the later page's deleted row said "not in the quarantine").
 */
class QuarantineResendOfAllReadsAPageAtATimeTest {

    private static final int ROWS = 1_206;
    /** The indexes (record_offset) of the records that are reports whose cause is gone, stored at the resend. */
    private static final Set<Integer> GOOD = Set.of(0, 10, 499, 500, 999, 1_205);
    private static final int ALREADY_STORED = 700;
    private static final int DELETED_AFTER_ITS_PAGE_WAS_READ = 1;
    private static final int DELETED_BEFORE_ITS_PAGE_WAS_READ = 1_100;

    /** Set by the test: the first report stored afterwards changes the quarantine, once. */
    static final AtomicBoolean ARMED = new AtomicBoolean();

    @TempDir
    Path dir;

    @AfterEach
    void disarm() {
        ARMED.set(false);
    }

    /**
     * Fires in the store's transaction of a report: the first time while {@link #ARMED}, deletes two quarantined rows
     * and quarantines two new records (another resend, an operator's DELETE and a node, meanwhile).
     */
    public static final class Meanwhile implements org.h2.api.Trigger {
        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
            if (!ARMED.compareAndSet(true, false)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM ceip_report_quarantine WHERE record_offset IN ("
                        + DELETED_AFTER_ITS_PAGE_WAS_READ + ", " + DELETED_BEFORE_ITS_PAGE_WAS_READ + ")");
            }
            insert(connection, ROWS, Reports.utf8(Reports.report(UUID.randomUUID().toString(),
                    UUID.randomUUID().toString())));
            insert(connection, ROWS + 1, Reports.utf8(Reports.report(UUID.randomUUID().toString(),
                    UUID.randomUUID().toString())));
        }
    }

    @Test
    void everyRowThereAtTheStartIsResentOnceAPageAtATime() throws Exception {
        String h2 = "jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath();
        String duplicate = UUID.randomUUID().toString();
        try (ReportStore store = new ReportStore(h2, "ceip", "", 2_000, 200)) {
            store.createSchema();
            store.store(Reports.utf8(Reports.report(duplicate, UUID.randomUUID().toString())), null);
        }
        List<String> goodIds = new ArrayList<>();
        try (Connection held = DriverManager.getConnection(h2, "ceip", "")) { // the database open, its statistics kept
            held.setAutoCommit(false);
            for (int i = 0; i < ROWS; i++) {
                String reportId = UUID.randomUUID().toString();
                if (GOOD.contains(i)) {
                    goodIds.add(reportId);
                }
                insert(held, i, GOOD.contains(i) ? Reports.utf8(Reports.report(reportId, UUID.randomUUID().toString()))
                        : i == ALREADY_STORED ? Reports.utf8(Reports.report(duplicate, UUID.randomUUID().toString()))
                        : ("not a report " + i).getBytes(StandardCharsets.UTF_8));
            }
            held.commit();
            held.setAutoCommit(true);
            Map<Long, Long> idOfOffset = new java.util.HashMap<>();
            try (Statement statement = held.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT record_offset, id FROM ceip_report_quarantine")) {
                while (rows.next()) {
                    idOfOffset.put(rows.getLong(1), rows.getLong(2));
                }
            }
            try (Statement statement = held.createStatement()) {
                statement.execute("CREATE TRIGGER meanwhile AFTER INSERT ON ceip_report FOR EACH ROW CALL \""
                        + Meanwhile.class.getName() + "\"");
                statement.execute("SET QUERY_STATISTICS_MAX_ENTRIES 100000");
                statement.execute("SET QUERY_STATISTICS TRUE");
            }
            ARMED.set(true);

            QuarantineResendScenario.Answer all = QuarantineResendScenario.command(Map.of("collector.store.jdbc-url",
                    h2, "collector.store.user", "ceip"), "resend", "--all");

            assertThat(ARMED).isFalse();
            assertThat(all.code()).as(all.err()).isEqualTo(1);
            List<String> lines = all.out().lines().toList();
            assertThat(lines.get(lines.size() - 1)).isEqualTo((ROWS - 1) + " record(s) resent: " + GOOD.size()
                    + " stored, 1 already stored, " + (ROWS - GOOD.size() - 3) + " kept, 1 not found; 2 quarantined"
                    + " meanwhile, left for the next resend");
            List<String> expected = new ArrayList<>();
            for (long offset = 0; offset < ROWS; offset++) {
                long id = idOfOffset.get(offset);
                String place = "record " + id + " (ceip-reports-" + (offset % 3) + " offset " + offset + "): ";
                if (offset == DELETED_AFTER_ITS_PAGE_WAS_READ) {
                    expected.add("record " + id + ": not in the quarantine");
                } else if (offset != DELETED_BEFORE_ITS_PAGE_WAS_READ) {
                    expected.add(place + (GOOD.contains((int) offset) ? "stored, removed from the quarantine"
                            : offset == ALREADY_STORED ? "already stored, removed from the quarantine"
                            : "not stored (refused by the store), kept in the quarantine"));
                }
            }
            assertThat(lines.subList(0, lines.size() - 1)).containsExactlyElementsOf(expected);
            assertThat(QuarantineResendScenario.rows(h2, "ceip", "SELECT report_id FROM ceip_report"))
                    .containsExactlyInAnyOrderElementsOf(concat(goodIds, duplicate));
            assertThat(QuarantineResendScenario.rows(h2, "ceip", "SELECT attempts || ' ' || COUNT(*) FROM"
                    + " ceip_report_quarantine GROUP BY attempts ORDER BY attempts"))
                    .containsExactly("0 2", "1 " + (ROWS - GOOD.size() - 3)); // the two new ones left as they came
            assertThat(QuarantineResendScenario.rows(h2, "ceip", "SELECT record_offset FROM ceip_report_quarantine"
                    + " WHERE attempts = 0 ORDER BY record_offset")).containsExactly(ROWS + "", (ROWS + 1) + "");

            Map<String, Long> rowsRead = new java.util.TreeMap<>();
            try (Statement statement = held.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT SQL_STATEMENT, MAX_ROW_COUNT FROM"
                            + " INFORMATION_SCHEMA.QUERY_STATISTICS")) {
                while (rows.next()) {
                    rowsRead.put(rows.getString(1), rows.getLong(2));
                }
            }
            Map<String, Long> ofTheQuarantine = rowsRead.entrySet().stream()
                    .filter(entry -> entry.getKey().contains("FROM ceip_report_quarantine"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(ofTheQuarantine.keySet()).anyMatch(sql -> sql.startsWith("SELECT id FROM"));
            assertThat(ofTheQuarantine.values()).as(ofTheQuarantine.toString()).allMatch(read -> read <= 500);
        }
    }

    /**
     * Every report resent is stored, while two records are quarantined meanwhile (the trigger, at the first store):
     * the count line says the two were left for the next resend, and the exit code is 1, not the 0 of "every record
     * removed" (before: "2 record(s) resent: 2 stored, ..." and 0, the quarantine holding two). The next resend takes
     * them: 0, nothing left.
     */
    @Test
    void recordsQuarantinedMeanwhileAreCountedAsLeftAndExitOne() throws Exception {
        String h2 = "jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath();
        try (ReportStore store = new ReportStore(h2, "ceip", "", 2_000, 200)) {
            store.createSchema();
        }
        try (Connection held = DriverManager.getConnection(h2, "ceip", "")) {
            insert(held, 0, Reports.utf8(Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString())));
            insert(held, 2, Reports.utf8(Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString())));
            try (Statement statement = held.createStatement()) {
                statement.execute("CREATE TRIGGER meanwhile AFTER INSERT ON ceip_report FOR EACH ROW CALL \""
                        + Meanwhile.class.getName() + "\"");
            }
            ARMED.set(true);
            Map<String, String> node = Map.of("collector.store.jdbc-url", h2, "collector.store.user", "ceip");

            QuarantineResendScenario.Answer all = QuarantineResendScenario.command(node, "resend", "--all");

            assertThat(ARMED).isFalse();
            assertThat(all.out().lines().toList()).last().isEqualTo("2 record(s) resent: 2 stored, 0 already stored,"
                    + " 0 kept, 0 not found; 2 quarantined meanwhile, left for the next resend");
            assertThat(all.code()).as(all.out()).isEqualTo(1);
            assertThat(QuarantineResendScenario.rows(h2, "ceip", "SELECT record_offset FROM ceip_report_quarantine"
                    + " ORDER BY record_offset")).containsExactly(ROWS + "", (ROWS + 1) + "");

            QuarantineResendScenario.Answer next = QuarantineResendScenario.command(node, "resend", "--all");

            assertThat(next.out().lines().toList()).last().isEqualTo("2 record(s) resent: 2 stored, 0 already"
                    + " stored, 0 kept, 0 not found");
            assertThat(next.code()).isZero();
        }
    }

    private static List<String> concat(List<String> ids, String one) {
        List<String> all = new ArrayList<>(ids);
        all.add(one);
        return all;
    }

    private static void insert(Connection connection, long offset, byte[] record) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ceip_report_quarantine (topic,"
                + " record_partition, record_offset, reason, record, quarantined_at, attempts, record_time) VALUES"
                + " ('ceip-reports', ?, ?, 'java.lang.StackOverflowError', ?, ?, 0, ?)")) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            insert.setInt(1, (int) (offset % 3));
            insert.setLong(2, offset);
            insert.setBytes(3, record);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setTimestamp(5, Timestamp.from(now.minus(1, ChronoUnit.DAYS)));
            insert.executeUpdate();
        }
    }
}
