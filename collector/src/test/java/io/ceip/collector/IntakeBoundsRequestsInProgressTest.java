package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The number of requests served at once is bounded (here 2): a request past it is answered 503 with
 * {@code Retry-After: 5} before its body is read, so the bodies held in memory stay bounded however many clients
 * connect; the count is given back when a request ends or its client hangs up.
 */
class IntakeBoundsRequestsInProgressTest {

    @TempDir
    Path dir;

    @Test
    void pastTheBoundARequestIs503UntilOneInProgressEnds() throws Exception {
        try (TestCollector collector = TestCollector.start(dir, Map.of("collector.intake.max-requests-in-progress",
                "2", "collector.intake.max-requests-per-second", "0"));
                LogLines log = LogLines.capture();
                SSLSocket first = slowRequest(collector);
                SSLSocket second = slowRequest(collector)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> collector.post(Reports.utf8(Reports.any()), true)
                    .statusCode() == 503);
            HttpResponse<String> busy = collector.post(Reports.utf8(Reports.any()), true);
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(busy.body()).isEqualTo("busy, retry later");
            assertThat(log.intake()).filteredOn(line -> line.contains("HTTP 503")).isNotEmpty()
                    .allMatch(line -> line.matches("INFO ceip.intake - refused \\d+ request\\(s\\) with HTTP 503: busy,"
                            + " retry later \\(2 in progress, collector.intake.max-requests-in-progress\\)"));

            first.close(); // a client hanging up mid-body gives its place back
            await().atMost(Duration.ofSeconds(10)).until(() -> collector.post(Reports.utf8(Reports.any()), true)
                    .statusCode() == 202);
            assertThat(collector.post(Reports.utf8(Reports.any()), true).statusCode()).isEqualTo(202);
        }
    }

    /** A request whose headers are sent and whose body has only begun: in progress until its deadline. */
    private SSLSocket slowRequest(TestCollector collector) throws Exception {
        SSLSocket socket = collector.connect();
        try {
            socket.getOutputStream().write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                    + " application/json\r\nAuthorization: Bearer " + Reports.TOKEN
                    + "\r\nContent-Length: 1000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }
}
