package io.ceip.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.intake.FloodGuard;
import io.ceip.collector.store.ReportStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet view did not show the quarantine. Now {@code quarantine.json} and the page's last section give its
 * records, the oldest's time, the bound and whether it is full, never a record's content (here a record holding
 * markup and a made-up secret), over a real H2 store.
 */
class FleetViewShowsTheQuarantineTest {

    private static final String TOKEN = "the-fleet-token-0123456789";

    @TempDir
    Path dir;
    private String url;

    @BeforeEach
    void schema() throws Exception {
        url = "jdbc:h2:file:" + dir.resolve("db/c").toAbsolutePath();
        try (ReportStore store = new ReportStore(url, "ceip", "", 2000, 200)) {
            store.createSchema();
        }
    }

    @Test
    void anEmptyQuarantineIsZeroWithNoOldest() throws Exception {
        FleetView fleet = fleet(1000);

        assertThat(fleet.json("Bearer " + TOKEN, "quarantine.json", null))
                .isEqualTo("{\"figure\":\"quarantine\",\"records\":0,\"oldest\":null,\"bound\":1000,\"full\":false}");
        assertThat(fleet.page("Bearer " + TOKEN, null)).contains("<section id=\"quarantine\"><h2>Quarantined Kafka"
                + " records</h2><p><a href=\"/v1/fleet/quarantine.json\">JSON</a></p><p class=\"quarantine\""
                + " data-records=\"0\" data-bound=\"1000\">0 of at most 1000</p></section>");
    }

    @Test
    void recordsAtTheBoundAreCountedWithTheOldestAndFull() throws Exception {
        Instant oldest = Instant.parse("2026-11-30T10:15:30.250Z");
        quarantine(0, oldest);
        quarantine(1, oldest.plusSeconds(3600));
        FleetView fleet = fleet(2);

        assertThat(fleet.json("Bearer " + TOKEN, "quarantine.json", null)).isEqualTo("{\"figure\":\"quarantine\","
                + "\"records\":2,\"oldest\":\"2026-11-30T10:15:30.250Z\",\"bound\":2,\"full\":true}");
        assertThat(fleet.page("Bearer " + TOKEN, null)).contains("<p class=\"quarantine\" data-records=\"2\""
                + " data-oldest=\"2026-11-30T10:15:30.250Z\" data-bound=\"2\">2 of at most 2, the oldest quarantined at"
                + " 2026-11-30T10:15:30.250Z. <strong>Full: a partition with a poison record waits at it.</strong> See"
                + " <code>java -jar ceip-collector.jar quarantine list</code>.</p>")
                .doesNotContain("secret-0123", "<script");
        assertThat(fleet(3).json("Bearer " + TOKEN, "quarantine.json", null)).endsWith("\"bound\":3,\"full\":false}");
    }

    private FleetView fleet(long bound) {
        return new FleetView(new FleetQueries(url, "ceip", "", 30), new EventQueries(url, "ceip", "", 30, 20), TOKEN,
                new FloodGuard(0), 30, bound);
    }

    private void quarantine(long offset, Instant at) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO ceip_report_quarantine (topic,"
                        + " record_partition, record_offset, reason, record, quarantined_at, attempts)"
                        + " VALUES ('<script>t', 0, ?, 'java.lang.StackOverflowError', ?, ?, 10)")) {
            insert.setLong(1, offset);
            insert.setBytes(2, "{\"secret\":\"secret-0123<script>\"}".getBytes(StandardCharsets.UTF_8));
            insert.setTimestamp(3, Timestamp.from(at));
            insert.executeUpdate();
        }
    }
}
