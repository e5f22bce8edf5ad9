package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request whose client sent its whole body and hung up before the answer keeps its place of
 * {@code collector.intake.max-requests-in-progress} (and of its address's) until the node's work on it ends: the
 * places bound the reports the node works on at once (their bodies, inflated reports and trees in memory, a worker
 * thread, a database connection), not the connections. Here the work is held in the database (a row of the same
 * report ID inserted and not yet committed: the store's insert waits for it), two places, two clients that hang up.
 */
class IntakeHoldsAPlaceUntilAHungUpRequestsWorkEndsTest {

    static TestCollector collector;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        // the store's insert waits up to 30 s for the row another transaction holds (H2's default: 1 s)
        collector = TestCollector.start(dir, Map.of("collector.intake.max-requests-per-second", "0",
                "collector.intake.max-requests-in-progress", "2", "collector.store.jdbc-url",
                "jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath() + ";LOCK_TIMEOUT=30000"));
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
    }

    /** Twice: a place not given back after the first round would turn one of the second round's requests away. */
    @Test
    void aHungUpRequestKeepsItsPlaceWhileItsWorkRunsAndGivesItBackAfter() throws Exception {
        for (int round = 1; round <= 2; round++) {
            hangUpTwoWhileTheirWorkWaitsThenTryAThird(round);
        }
    }

    private static void hangUpTwoWhileTheirWorkWaitsThenTryAThird(int round) throws Exception {
        long stored = collector.collector().store().count();
        String id = UUID.randomUUID().toString();
        try (Connection holder = database()) {
            holder.setAutoCommit(false);
            try (PreparedStatement row = holder.prepareStatement("INSERT INTO ceip_report (report_id, installation_id,"
                    + " received_at, report) VALUES (?, ?, ?, ? FORMAT JSON)")) {
                row.setString(1, id);
                row.setString(2, UUID.randomUUID().toString());
                row.setTimestamp(3, Timestamp.from(Instant.now()));
                row.setString(4, "{}");
                row.executeUpdate();
            }
            for (int i = 0; i < 2; i++) {
                sendAndHangUp(Reports.utf8(Reports.report(id, UUID.randomUUID().toString())));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingForALock() == 2);

            HttpResponse<String> third = collector.post(Reports.utf8(Reports.any()), true);

            assertThat(third.statusCode()).as("round %d, while the two hung-up requests' work runs: %s", round,
                    third.body())
                    .isEqualTo(503);
            assertThat(third.body()).isEqualTo("busy, retry later");
            holder.rollback();
        }
        // the two inserts go on: one stored, one a duplicate; the places are given back once that work ended
        await().atMost(Duration.ofSeconds(20)).until(() -> collector.collector().store().count() == stored + 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> collector.post(Reports.utf8(Reports.any()), true)
                .statusCode() == 202);
    }

    /**
     * A body cut off mid-way never reaches a route: its place is given back when its connection closes (three such
     * clients, two places: a place kept would turn the next report away).
     */
    @Test
    void aRequestCutOffMidBodyGivesItsPlaceBackAtOnce() throws Exception {
        for (int i = 0; i < 3; i++) {
            RawRequest.resetMidBody(collector.dir().resolve("tls/collector.pem"), collector.reports().getPort());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.post(Reports.utf8(Reports.any()), true)
                .statusCode() == 202);
        HttpResponse<String> next = collector.post(Reports.utf8(Reports.any()), true);
        assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
    }

    /** Sends a whole request with the report and closes the connection at once, before any answer. */
    private static void sendAndHangUp(byte[] report) throws Exception {
        byte[] body = Reports.gzip(report);
        try (SSLSocket socket = collector.connect(); OutputStream out = socket.getOutputStream()) {
            out.write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Encoding: gzip\r\nAuthorization: Bearer " + Reports.TOKEN + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }
    }

    private static long waitingForALock() throws Exception {
        try (Connection connection = database(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                        + " WHERE EXECUTING_STATEMENT LIKE 'INSERT INTO ceip_report %'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + collector.dir().resolve("db/collector").toAbsolutePath(),
                "ceip", "");
    }
}
