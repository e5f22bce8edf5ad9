package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A report's request is refused on its headers before its body is read: without a known token (401), or not JSON
 * (415), the node neither sends a {@code 100 Continue} nor keeps a byte of the body, and a form is refused like any
 * other type (it was parsed by platform-http and answered 503, with a WARN per request). A client that sends its
 * body anyway still gets the answer; one sending past the body limit is cut off. One line a second, never a token.
 * Limit here: 64 KiB as sent.
 */
class IntakeRefusesOnHeadersBeforeTheBodyTest {

    static final Pattern LINE = Pattern.compile("INFO ceip\\.intake - refused (\\d+) report request\\(s\\) on their"
            + " headers, the last with HTTP (401: missing or unknown product token|415: Content-Type must be"
            + " application/json) \\(client 127\\.0\\.0\\.1:\\d+\\)");

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.max-compressed-bytes", "65536", "collector.intake.max-requests-per-second", "0"));

    @AfterEach
    void stillAcceptsReports() throws Exception {
        collector.assertStillAcceptsReports();
    }

    @Test
    void aFormIs415NotA503() throws Exception {
        long stored = collector.collector().store().count();
        try (LogLines log = LogLines.capture()) {
            HttpResponse<String> form = collector.post(HttpRequest.newBuilder(collector.reports())
                    .POST(HttpRequest.BodyPublishers.ofString("a=b&reportId=x"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Bearer " + Reports.TOKEN));

            assertThat(form.statusCode()).isEqualTo(415);
            assertThat(form.body()).isEqualTo("Content-Type must be application/json");
            // no WARN (the 503's); the lines a second of the refusals on headers (counted in the test below)
            assertThat(log.intake()).allMatch(line -> LINE.matcher(line).matches());
        }
        assertThat(collector.collector().store().count()).isEqualTo(stored);
    }

    @Test
    void aClientWaitingForContinueWithoutATokenGetsTheRefusalAndNoContinue() throws Exception {
        try (SSLSocket socket = connect()) {
            socket.getOutputStream().write(head("Bearer not-a-token", "Expect: 100-continue\r\n"
                    + "Content-Length: 60000"));

            String answer = RawRequest.readAll(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 401 ").doesNotContain("100 Continue")
                    .endsWith("\r\n\r\nmissing or unknown product token");
        }
    }

    @Test
    void withItsTokenTheClientGetsTheContinueAndItsReportIsAccepted() throws Exception {
        byte[] report = Reports.utf8(Reports.any());
        try (SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head("Bearer " + Reports.TOKEN, "Expect: 100-continue\r\nContent-Length: " + report.length));

            assertThat(new String(in.readNBytes(25), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue"
                    + "\r\n\r\n");
            out.write(report);
            assertThat(RawRequest.answer(in)).startsWith("HTTP/1.1 202 ");
        }
    }

    @Test
    void aBodySentAnywayIsDroppedAndTheAnswerStillArrives() throws Exception {
        long stored = collector.collector().store().count();
        List<String> lines;
        long started = System.nanoTime();
        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> answer = refusedWithABody(i);
                assertThat(answer.statusCode()).as("request %d", i).isEqualTo(401);
                assertThat(answer.body()).isEqualTo("missing or unknown product token");
            }
            // a count is told by the first refusal of a later second
            await().atMost(Duration.ofSeconds(10)).until(() -> refusedWithABody(-1).statusCode() == 401
                    && told(log.intake()) >= 20);
            lines = log.intake();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(collector.collector().store().count()).isEqualTo(stored);
        assertThat(lines).as("one line a second").hasSizeLessThanOrEqualTo((int) seconds + 2)
                .allMatch(line -> LINE.matcher(line).matches());
        assertThat(String.join("\n", lines)).doesNotContain(Reports.TOKEN);
    }

    /** A report written behind a refused request, in the same packet: not served, not stored, the connection closed. */
    @Test
    void aRequestBehindARefusalIsNotServed() throws Exception {
        long stored = collector.collector().store().count();
        byte[] report = Reports.utf8(Reports.any());
        try (SSLSocket socket = connect()) {
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.write(head("Bearer not-a-token", "Content-Length: 5"));
            both.write("hello".getBytes(StandardCharsets.US_ASCII));
            both.write(head("Bearer " + Reports.TOKEN, "Content-Length: " + report.length));
            both.write(report);
            socket.getOutputStream().write(both.toByteArray());

            String answers = RawRequest.readAll(socket.getInputStream());

            assertThat(answers).startsWith("HTTP/1.1 401 ").endsWith("missing or unknown product token")
                    .containsOnlyOnce("HTTP/1.1 ");
        }
        assertThat(collector.collector().store().count()).isEqualTo(stored);
    }

    /** A header read once here and again by the route must not be sent twice: 400 before the body. */
    @Test
    void aRepeatedAuthorizationOrContentTypeIs400() throws Exception {
        byte[] report = Reports.utf8(Reports.any());
        HttpResponse<String> twoTokens = collector.post(HttpRequest.newBuilder(collector.reports())
                .POST(HttpRequest.BodyPublishers.ofByteArray(report)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Reports.TOKEN).header("Authorization", "Bearer other"));
        HttpResponse<String> twoTypes = collector.post(HttpRequest.newBuilder(collector.reports())
                .POST(HttpRequest.BodyPublishers.ofByteArray(report)).header("Content-Type", "application/json")
                .header("Content-Type", "text/plain").header("Authorization", "Bearer " + Reports.TOKEN));

        for (HttpResponse<String> answer : List.of(twoTokens, twoTypes)) {
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("Authorization, Content-Type and Content-Encoding may each be sent"
                    + " once");
        }
    }

    /**
     * A client that waits for a {@code 100 Continue} but sends its body anyway once it has the refusal (as some do
     * after their own wait) is not reset: its body is dropped and the connection ends cleanly (it was closed at once
     * after the answer, and the body arriving at a closed socket was answered with a reset).
     */
    @Test
    void aClientWaitingForContinueThatSendsItsBodyAnywayIsNotReset() throws Exception {
        try (SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head("Bearer not-a-token", "Expect: 100-continue\r\nContent-Length: 60000"));
            assertThat(RawRequest.answer(in)).startsWith("HTTP/1.1 401 ").endsWith("missing or unknown product token");

            out.write(new byte[60_000]);
            out.flush();

            assertThat(in.read()).as("a clean end of the connection, not a reset").isEqualTo(-1);
        }
    }

    /** {@code 100-continue} among other expectations is still a client sending no body: closed after the answer. */
    @Test
    void aContinueAmongOtherExpectationsIsStillClosedSoon() throws Exception {
        try (SSLSocket socket = connect()) {
            socket.getOutputStream().write(head("Bearer not-a-token", "Expect: foo, 100-continue\r\n"
                    + "Content-Length: 60000"));

            assertThat(RawRequest.readAll(socket.getInputStream())).as("closed within the grace for a body (1 s),"
                    + " before the socket's 10 s timeout")
                    .startsWith("HTTP/1.1 401 ").endsWith("missing or unknown product token");
        }
    }

    private static int told(List<String> lines) {
        return lines.stream().mapToInt(line -> {
            Matcher matcher = LINE.matcher(line);
            return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
        }).sum();
    }

    private static HttpResponse<String> refusedWithABody(int i) throws Exception {
        return collector.post(HttpRequest.newBuilder(collector.reports())
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[60_000])).header("Content-Type",
                        "application/json").header("Authorization", "Bearer " + Reports.TOKEN + i));
    }

    @Test
    void aRefusedClientSendingPastTheLimitIsCutOff() throws Exception {
        long written = 0;
        try (SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("Bearer not-a-token", "Transfer-Encoding: chunked"));
            byte[] chunk = ("2000\r\n" + "x".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                while (written < 64L << 20) {
                    out.write(chunk);
                    written += 0x2000;
                }
            } catch (IOException closedByTheNode) {
                // what the test expects
            }
        }
        assertThat(written).as("bytes sent before the node closed the connection").isLessThan(64L << 20);
    }

    private static SSLSocket connect() throws Exception {
        SSLSocket socket = collector.connect();
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] head(String authorization, String framing) {
        return ("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: "
                + authorization + "\r\n" + framing + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
