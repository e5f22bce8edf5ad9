package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.ReportStore;
import io.ceip.collector.support.Reports;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
import java.util.UUID;

/**
 * The operator's tool against a real database (H2, PostgreSQL), through {@code quarantine list} and {@code quarantine
 * resend}: a table made by the collector of 2026-12-06 (no id, attempts, record time) with four records is upgraded;
 * the list names each (place, attempts, size, failure) and never its content; a resend of all stores the report whose
 * cause is gone (with its Kafka record time as {@code received_at}) and removes it, removes the one already stored,
 * keeps the one that fails again (its attempts counted, its reason the new failure's) and the one that is no report;
 * once the cause is fixed the kept report is stored and removed too.
 */
final class QuarantineResendScenario {

    /** The old table's DDL (2026-12-06), as a database made by that collector holds it. */
    private static String oldTable(boolean postgres) {
        String bytes = postgres ? "BYTEA" : "VARBINARY";
        return "CREATE TABLE ceip_report_quarantine (topic VARCHAR(249) NOT NULL, record_partition INTEGER NOT NULL,"
                + " record_offset BIGINT NOT NULL, record_key " + bytes + ", reason VARCHAR(200) NOT NULL, record "
                + bytes + ", quarantined_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " PRIMARY KEY (topic, record_partition, record_offset, quarantined_at))";
    }

    private QuarantineResendScenario() {
    }

    /** A change the test makes to the store: the poison's failure armed or removed. */
    interface Change {
        void run() throws SQLException;
    }

    /**
     * @param nodeUrl the URL the tool uses (on H2 through {@code ErringJdbc}); {@code url} the database's own
     * @param poisonId the report ID that {@code arm} makes fail with {@code reason}
     */
    static void run(String nodeUrl, String url, String user, String poisonId, Change arm, Change disarm,
            String reason) throws Exception {
        boolean postgres = url.startsWith("jdbc:postgresql:");
        String good = UUID.randomUUID().toString();
        String stored = UUID.randomUUID().toString();
        Instant recordTime = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        sql(url, user, oldTable(postgres));
        insertOld(url, user, 0, Reports.utf8(Reports.report(good, UUID.randomUUID().toString())));
        insertOld(url, user, 1, Reports.utf8(Reports.report(stored, UUID.randomUUID().toString())));
        byte[] poison = Reports.utf8(Reports.report(poisonId, UUID.randomUUID().toString()));
        insertOld(url, user, 2, poison);
        insertOld(url, user, 3, "not json: secret-in-the-record".getBytes(StandardCharsets.UTF_8));
        try (ReportStore store = new ReportStore(url, user, "", 2_000, 200)) {
            store.createSchema(); // a node's start on the old table: its new columns added, its rows numbered
            store.store(Reports.utf8(Reports.report(stored, UUID.randomUUID().toString())), null);
        }
        sql(url, user, "UPDATE ceip_report_quarantine SET record_time = TIMESTAMP WITH TIME ZONE '"
                + recordTime + "' WHERE record_offset = 0");
        Map<String, String> node = Map.of("collector.store.jdbc-url", nodeUrl, "collector.store.user", user);

        Answer list = command(node, "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).startsWith("4 record(s) in ceip_report_quarantine (at most 1000,"
                + " collector.store.quarantine-max-records)\nid\tquarantined at\tplace\tattempts\tbytes\treason\n");
        assertThat(list.out().lines().skip(2)).hasSize(4).allMatch(line -> line.matches(
                "[0-9]+\t[0-9T:.Z-]+\tceip-reports-0 offset [0-3]\t0\t[0-9]+\tjava.lang.StackOverflowError"));
        assertThat(list.out()).contains("ceip-reports-0 offset 2\t0\t" + poison.length + "\t")
                .doesNotContain(good, stored, poisonId, "secret");

        arm.run();
        Answer all = command(node, "resend", "--all");
        assertThat(all.code()).as(all.err()).isEqualTo(1);
        assertThat(all.out()).containsPattern("record [0-9]+ \\(ceip-reports-0 offset 0\\): stored, removed from the"
                + " quarantine\n").containsPattern("record [0-9]+ \\(ceip-reports-0 offset 1\\): already stored,"
                + " removed from the quarantine\n").containsPattern("record [0-9]+ \\(ceip-reports-0 offset 2\\): not"
                + " stored \\(" + java.util.regex.Pattern.quote(reason) + "\\), kept in the quarantine\n")
                .containsPattern("record [0-9]+ \\(ceip-reports-0 offset 3\\): not stored \\(refused by the store\\),"
                + " kept in the quarantine\n")
                .endsWith("4 record(s) resent: 1 stored, 1 already stored, 2 kept, 0 not found\n");
        assertThat(rows(url, user, "SELECT report_id FROM ceip_report ORDER BY report_id"))
                .containsExactlyInAnyOrder(good, stored);
        assertThat(rows(url, user, "SELECT received_at FROM ceip_report WHERE report_id = '" + good + "'"))
                .containsExactly(recordTime.toString());
        assertThat(rows(url, user, "SELECT record_offset || ' ' || attempts || ' ' || reason"
                + " FROM ceip_report_quarantine ORDER BY record_offset"))
                .containsExactly("2 1 " + reason, "3 1 java.lang.StackOverflowError");

        disarm.run();
        String poisonRow = rows(url, user, "SELECT id FROM ceip_report_quarantine WHERE record_offset = 2").get(0);
        Answer one = command(node, "resend", poisonRow);
        assertThat(one.code()).isZero();
        assertThat(one.out()).isEqualTo("record " + poisonRow + " (ceip-reports-0 offset 2): stored, removed from the"
                + " quarantine\n1 record(s) resent: 1 stored, 0 already stored, 0 kept, 0 not found\n");
        assertThat(rows(url, user, "SELECT report_id FROM ceip_report")).contains(poisonId);
        assertThat(command(node, "resend", poisonRow).out()).startsWith("record " + poisonRow
                + ": not in the quarantine\n");
        assertThat(rows(url, user, "SELECT record_offset FROM ceip_report_quarantine")).containsExactly("3");
    }

    record Answer(int code, String out, String err) {
    }

    static Answer command(Map<String, String> node, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = QuarantineCommand.run(args, node, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Answer(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void insertOld(String url, String user, long offset, byte[] record) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO ceip_report_quarantine (topic,"
                        + " record_partition, record_offset, record_key, reason, record, quarantined_at)"
                        + " VALUES ('ceip-reports', 0, ?, NULL, 'java.lang.StackOverflowError', ?, ?)")) {
            insert.setLong(1, offset);
            insert.setBytes(2, record);
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }

    static void sql(String url, String user, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    /** The query's first column as text (a time as an ISO instant in UTC). */
    static List<String> rows(String url, String user, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                Object value = rows.getObject(1);
                values.add(value instanceof Timestamp || value instanceof java.time.OffsetDateTime
                        ? rows.getTimestamp(1).toInstant().toString() : String.valueOf(value));
            }
            return values;
        }
    }
}
