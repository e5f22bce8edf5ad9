package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client address holds at most {@code collector.intake.max-connections-per-address} connections open (here 3):
 * a new one past it is closed before it is read, with one line however many are refused in a second; a connection
 * closed gives its place back; 0 turns the limit off.
 */
class IntakeLimitsConnectionsPerAddressTest {

    @TempDir
    Path dir;

    @Test
    void pastTheLimitANewConnectionIsClosedUntilOneOfTheOpenOnesCloses() throws Exception {
        List<SSLSocket> open = new ArrayList<>();
        try (TestCollector collector = TestCollector.start(dir, Map.of(
                "collector.intake.max-connections-per-address", "3", "collector.intake.max-requests-per-second", "0"));
                LogLines log = LogLines.capture()) {
            for (int i = 0; i < 3; i++) {
                open.add(connect(collector));
            }
            // each of the three answered first, so that the node has counted it: a connection is counted once the
            // node has ended its TLS handshake, which may come after the client's end of it and, on a loaded machine,
            // after the next connection's (which was then let in, and one of the three closed in its place)
            for (SSLSocket socket : open) {
                assertThat(post(socket)).startsWith("HTTP/1.1 202");
            }
            for (int i = 0; i < 10; i++) {
                try (SSLSocket refused = connect(collector)) {
                    refused.setSoTimeout(5_000); // without the limit the node would wait 20 s for a request
                    assertThat(RawRequest.readAll(refused.getInputStream())).as("closed before any answer").isEmpty();
                }
            }
            assertThat(log.intake()).filteredOn(line -> line.contains("new connection(s)")).as("one line per second")
                    .hasSizeBetween(1, 5).allMatch(line -> line.matches("INFO ceip.intake - closed \\d+ new"
                            + " connection\\(s\\) past 3 open from one address, the last from 127\\.0\\.0\\.1"
                            + " \\(collector.intake.max-connections-per-address\\)"));

            // the connections within the limit are still served
            assertThat(post(open.get(0))).startsWith("HTTP/1.1 202");

            open.remove(1).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (SSLSocket again = connect(collector)) {
                    assertThat(post(again)).startsWith("HTTP/1.1 202");
                }
            });
        } finally {
            for (SSLSocket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    void zeroIsNoLimit() throws Exception {
        List<SSLSocket> open = new ArrayList<>();
        try (TestCollector collector = TestCollector.start(dir, Map.of(
                "collector.intake.max-connections-per-address", "0", "collector.intake.max-requests-per-second", "0"))) {
            for (int i = 0; i < 70; i++) {
                open.add(connect(collector));
            }
            assertThat(post(open.get(69))).startsWith("HTTP/1.1 202");
        } finally {
            for (SSLSocket socket : open) {
                socket.close();
            }
        }
    }

    private SSLSocket connect(TestCollector collector) throws Exception {
        return collector.connect();
    }

    /** A report POSTed on {@code socket}; the answer's head and body. */
    private static String post(SSLSocket socket) throws Exception {
        byte[] body = Reports.utf8(Reports.any());
        socket.getOutputStream().write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                + " application/json\r\nAuthorization: Bearer " + Reports.TOKEN + "\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        return RawRequest.answer(socket.getInputStream());
    }
}
