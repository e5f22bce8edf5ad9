package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client over its rate (1 request a second here) gets 429 with {@code Retry-After: 1} and the fixed text; what it
 * sent within its rate is stored, what was refused is not; the log has one line per second of the flood.
 */
class IntakeAnswersAFloodWith429Test {

    @TempDir
    Path dir;

    @Test
    void aFloodingClientIsAnswered429WithRetryAfter() throws Exception {
        try (TestCollector collector = TestCollector.start(dir, Map.of("collector.intake.max-requests-per-second",
                "1"))) {
            List<HttpResponse<String>> responses = new ArrayList<>();
            long first;
            long last;
            List<String> lines;
            try (LogLines log = LogLines.capture()) {
                first = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    responses.add(collector.post(Reports.utf8(Reports.any()), true));
                }
                last = System.nanoTime();
                lines = log.intake().stream().filter(line -> line.contains("HTTP 429")).toList();
            }

            List<HttpResponse<String>> limited = responses.stream().filter(r -> r.statusCode() == 429).toList();
            long accepted = responses.stream().filter(r -> r.statusCode() == 202).count();
            assertThat(limited).isNotEmpty();
            assertThat(accepted + limited.size()).isEqualTo(20);
            assertThat(limited.get(0).headers().firstValue("Retry-After")).hasValue("1");
            assertThat(limited.get(0).body()).isEqualTo("too many requests");
            assertThat(collector.collector().store().count()).isEqualTo(accepted);
            // the seconds the flood touched: at most its length rounded up, plus one
            assertThat(lines).as("one line per second of the flood, not one per 429").isNotEmpty()
                    .hasSizeLessThanOrEqualTo((int) Math.ceil((last - first) / 1e9) + 1);
        }
    }

    /**
     * A flooding client is refused on its headers, before its body is read: on a real HTTPS connection whose headers
     * announce a body of 1,000,000 bytes, of which 1 KiB is sent and the rest never, the answer is 429 with
     * {@code Retry-After: 1} and the connection's close, though the body never ended (before: the server read the
     * whole body before the route counted the request, so no answer came but the 408 of a body too slow, 5 s on); the
     * log line says how many were refused on their headers. A new second starting between the client's allowed report
     * and the held body lets the body in (408 then): tried again, at most three times.
     */
    @Test
    void aFloodingClientIsAnswered429BeforeItsBodyIsRead() throws Exception {
        try (TestCollector collector = TestCollector.start(dir, Map.of("collector.intake.max-requests-per-second",
                "1"))) {
            String answer = "";
            int accepted = 0;
            List<String> lines;
            try (LogLines log = LogLines.capture()) {
                for (int attempt = 0; attempt < 3 && !answer.startsWith("HTTP/1.1 429"); attempt++) {
                    accepted += collector.post(Reports.utf8(Reports.any()), true).statusCode() == 202 ? 1 : 0;
                    try (SSLSocket socket = collector.connect()) {
                        socket.getOutputStream().write(RawRequest.head(1_000_000));
                        socket.getOutputStream().write(new byte[1024]); // and never the rest
                        socket.getOutputStream().flush();
                        answer = RawRequest.answer(socket.getInputStream());
                    }
                }
                lines = log.intake();
            }

            assertThat(answer).startsWith("HTTP/1.1 429 ").containsIgnoringCase("\r\nretry-after: 1\r\n")
                    .containsIgnoringCase("\r\nconnection: close\r\n").endsWith("\r\n\r\ntoo many requests");
            assertThat(accepted).isPositive();
            assertThat(collector.collector().store().count()).isEqualTo(accepted);
            assertThat(lines).anyMatch(line -> line.contains("HTTP 429: too many requests (client"));
        }
    }

    /**
     * The fleet view's requests count toward the same limit: guessing its token (each wrong one a 401 and a line) is
     * answered 429 past the client's rate, with one line per second, not one per guess.
     */
    @Test
    void guessingTheFleetTokenIsLimitedAsReportsAre() throws Exception {
        try (TestCollector collector = TestCollector.start(dir, Map.of("collector.intake.max-requests-per-second",
                "2"))) {
            List<Integer> statuses = new ArrayList<>();
            long first;
            long last;
            List<String> lines;
            try (LogLines log = LogLines.capture()) {
                first = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    statuses.add(collector.post(java.net.http.HttpRequest.newBuilder(collector.uri(
                            "/v1/fleet/consent-levels.json")).GET().header("Authorization", "Bearer guess-" + i))
                            .statusCode());
                }
                last = System.nanoTime();
                lines = log.intake();
            }

            assertThat(statuses).containsOnly(401, 429).contains(429);
            long seconds = (long) Math.ceil((last - first) / 1e9) + 1;
            assertThat(statuses.stream().filter(s -> s == 401).count()).as("at most 2 a second")
                    .isLessThanOrEqualTo(2 * seconds);
            assertThat(lines.stream().filter(line -> line.contains("HTTP 429")).count()).as("one line a second")
                    .isLessThanOrEqualTo(seconds);
        }
    }
}
