package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic deleted and made again (or a consumer group moved to a new cluster) numbers its records from offset 0 again:
 * a poison record at a place (topic, partition, offset) where an earlier, different record was quarantined was taken
 * for that one "already kept" and committed past, its bytes kept nowhere. The same record quarantined again (after a
 * restart) still adds no row; a different one at the same place is kept beside it.
 */
class QuarantineKeepsARecordOfAnOffsetUsedAgainTest {

    @TempDir
    Path dir;

    @Test
    void aDifferentRecordAtAPlaceAlreadyQuarantinedIsKeptAndTheSameOneNotTwice() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        byte[] first = "{\"first\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"second\":2}".getBytes(StandardCharsets.UTF_8);
        try (ReportStore store = new ReportStore(url, "ceip", "", 2_000, 200)) {
            store.createSchema();
            store.quarantine(new Quarantine.Place("reports", 0, 0), null, first, null, "java.lang.StackOverflowError", 3, 1000);
            store.quarantine(new Quarantine.Place("reports", 0, 0), null, first, null, "java.lang.StackOverflowError", 3, 1000); // after a restart
            assertThat(store.quarantinedInTable()).isEqualTo(1);

            store.quarantine(new Quarantine.Place("reports", 0, 0), null, second, null, "java.lang.StackOverflowError", 3, 1000); // the topic made again
            store.quarantine(new Quarantine.Place("reports", 0, 1), null, null, null, "java.lang.StackOverflowError", 3, 1000); // no value at all
            store.quarantine(new Quarantine.Place("reports", 0, 1), null, null, null, "java.lang.StackOverflowError", 3, 1000);
        }
        List<String> kept = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT record_offset, record FROM ceip_report_quarantine"
                        + " ORDER BY record_offset, quarantined_at")) {
            while (rows.next()) {
                byte[] record = rows.getBytes(2);
                kept.add(rows.getLong(1) + " " + (record == null ? null : new String(record, StandardCharsets.UTF_8)));
            }
        }
        assertThat(kept).containsExactly("0 {\"first\":1}", "0 {\"second\":2}", "1 null");
    }
}
