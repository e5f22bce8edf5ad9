package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.List;
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
 * report ID inserted and not yet committed: the store's insert waits for it); three places, two of each address.
 */
class IntakeHoldsAPlaceUntilAHungUpRequestsWorkEndsTest {

    static TestCollector collector;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        // the store's insert waits up to 30 s for the row another transaction holds (H2's default: 1 s)
        collector = TestCollector.start(dir, Map.of("collector.intake.max-requests-per-second", "0",
                "collector.intake.max-requests-in-progress", "3",
                "collector.intake.max-requests-in-progress-per-address", "2", "collector.store.jdbc-url",
                "jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath() + ";LOCK_TIMEOUT=30000"));
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
    }

    /**
     * Three hung-up reports in work (two addresses), three places: the next report, from another address, is turned
     * away. Twice: a place not given back after the first round would turn one of the second round's requests away.
     */
    @Test
    void aHungUpRequestKeepsItsPlaceWhileItsWorkRunsAndGivesItBackAfter() throws Exception {
        for (int round = 1; round <= 2; round++) {
            int done = round;
            whileInWork(List.of("127.0.0.2", "127.0.0.2", "127.0.0.3"), () -> {
                HttpResponse<String> next = collector.post(Reports.utf8(Reports.any()), true);

                assertThat(next.statusCode()).as("round %d, while the hung-up requests' work runs: %s", done,
                        next.body()).isEqualTo(503);
                assertThat(next.body()).isEqualTo("busy, retry later");
            });
        }
    }

    /**
     * The address's places too ({@code collector.intake.max-requests-in-progress-per-address} 2): two hung-up reports
     * of one address in work turn its next one away, while another address is still served.
     */
    @Test
    void aHungUpRequestKeepsItsAddresssPlaceWhileItsWorkRuns() throws Exception {
        whileInWork(List.of("127.0.0.4", "127.0.0.4"), () -> {
            String next = send("127.0.0.4", Reports.utf8(Reports.any()), false);

            assertThat(next).startsWith("HTTP/1.1 503 ").endsWith("busy, retry later");
            assertThat(collector.post(Reports.utf8(Reports.any()), true).statusCode()).isEqualTo(202);
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> send("127.0.0.4", Reports.utf8(Reports.any()), false)
                .startsWith("HTTP/1.1 202 "));
    }

    /**
     * Sends one report of the same new ID from each of {@code addresses} and hangs up, while another transaction holds
     * a row of that ID (the store's inserts wait for it); runs {@code check} once all of them wait, then lets them go
     * on (one stored, the others duplicates) and waits until a report is taken again: the places came back.
     */
    private static void whileInWork(List<String> addresses, Check check) throws Exception {
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
            for (String address : addresses) {
                send(address, Reports.utf8(Reports.report(id, UUID.randomUUID().toString())), true);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingForALock() == addresses.size());

            check.run();
            holder.rollback();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> collector.collector().store().contains(id));
        await().atMost(Duration.ofSeconds(20)).until(() -> collector.post(Reports.utf8(Reports.any()), true)
                .statusCode() == 202);
    }

    private interface Check {
        void run() throws Exception;
    }

    /**
     * A body cut off mid-way never reaches a route: its place is given back when its connection closes (four such
     * clients, three places: a place kept would turn the next report away).
     */
    @Test
    void aRequestCutOffMidBodyGivesItsPlaceBackAtOnce() throws Exception {
        for (int i = 0; i < 4; i++) {
            RawRequest.resetMidBody(collector.dir().resolve("tls/collector.pem"), collector.reports().getPort());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.post(Reports.utf8(Reports.any()), true)
                .statusCode() == 202);
        HttpResponse<String> next = collector.post(Reports.utf8(Reports.any()), true);
        assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
    }

    /**
     * Sends a whole request with the report from {@code address} (a loopback address of this machine); closes the
     * connection at once when {@code hangUp}, before any answer, else returns the answer.
     */
    private static String send(String address, byte[] report, boolean hangUp) throws Exception {
        byte[] body = Reports.gzip(report);
        int port = collector.reports().getPort();
        Socket tcp = new Socket();
        tcp.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        tcp.connect(new InetSocketAddress("localhost", port), 10_000);
        try (SSLSocket socket = (SSLSocket) TestCollector.trusting(collector.dir().resolve("tls/collector.pem"))
                .getSocketFactory().createSocket(tcp, "localhost", port, true);
                OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(20_000);
            out.write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Encoding: gzip\r\nAuthorization: Bearer " + Reports.TOKEN + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return hangUp ? "" : RawRequest.answer(socket.getInputStream());
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
