package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client address cannot hold every request in progress (review s17 finding 2): with the defaults (64 per node,
 * 8 per address) an address holding 64 requests whose bodies trickle has 8 in progress, the rest answered 503 busy
 * before their bodies are read; another address's report is still taken, and the address gets its places back when
 * its requests end.
 */
class IntakeBoundsRequestsInProgressPerAddressTest {

    @TempDir
    Path dir;

    @Test
    void oneAddressHoldingItsPlacesDoesNotStopAnotherAddresssReport() throws Exception {
        List<SSLSocket> held = new ArrayList<>();
        try (TestCollector collector = TestCollector.start(dir, Map.of()); LogLines log = LogLines.capture()) {
            for (int i = 0; i < 64; i++) {
                held.add(slowRequest(RawRequest.connect(pem(), collector.reports().getPort()))); // from 127.0.0.1
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> log.intake().stream().anyMatch(line -> line.contains(
                    "progress from one address")));

            String answer = reportFrom("127.0.0.2", collector.reports().getPort());

            assertThat(answer).as("another address's report while one address holds 64 slow bodies")
                    .startsWith("HTTP/1.1 202");
            HttpResponse<String> busy = collector.post(Reports.utf8(Reports.any()), true); // 127.0.0.1 again
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(busy.body()).isEqualTo("busy, retry later");
            assertThat(log.intake()).filteredOn(line -> line.contains("HTTP 503")).isNotEmpty()
                    .allMatch(line -> line.matches("INFO ceip.intake - refused \\d+ request\\(s\\) with HTTP 503: busy,"
                            + " retry later \\(8 in progress from one address, the last from 127.0.0.1,"
                            + " collector.intake.max-requests-in-progress-per-address\\)"));

            for (SSLSocket socket : held) {
                socket.close(); // a client hanging up gives its places back
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> collector.post(Reports.utf8(Reports.any()), true)
                    .statusCode() == 202);
        } finally {
            for (SSLSocket socket : held) {
                socket.close();
            }
        }
    }

    private Path pem() {
        return dir.resolve("tls/collector.pem");
    }

    /** Headers with a valid token, then one byte of a 1000-byte body: in progress until the body deadline. */
    private static SSLSocket slowRequest(SSLSocket socket) throws Exception {
        socket.getOutputStream().write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                + " application/json\r\nAuthorization: Bearer " + Reports.TOKEN
                + "\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** A whole report sent from {@code address} (a loopback address), and the node's answer. */
    private String reportFrom(String address, int port) throws Exception {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        try (SSLSocket socket = (SSLSocket) TestCollector.trusting(pem()).getSocketFactory().createSocket(plain,
                "localhost", port, true)) {
            socket.setSoTimeout(20_000);
            byte[] body = Reports.utf8(Reports.any());
            socket.getOutputStream().write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                    + " application/json\r\nAuthorization: Bearer " + Reports.TOKEN + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return RawRequest.answer(socket.getInputStream());
        }
    }
}
