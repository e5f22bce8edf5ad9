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
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests a client pipelines (writes before its previous one was answered) are not queued: Vert.x would queue them
 * without a limit, and a client writing without reading would run the node out of memory. The request in progress is
 * answered, then the connection is closed, with one line; nothing pipelined is stored. A body whose chunks cannot be
 * parsed gets one line that says truly whether an answer went out. Raw TLS sockets on loopback.
 */
class IntakeServesOneRequestAtATimeTest {

    private static final String CLIENT = " \\(client [0-9a-f.:\\[\\]/]+\\)";

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.max-requests-per-second", "0"));

    @AfterEach
    void stillAcceptsReports() throws Exception {
        assertThat(collector.post(Reports.utf8(Reports.any()), true).statusCode()).isEqualTo(202);
    }

    @Test
    void pipelinedRequestsGetTheFirstAnswerThenTheConnectionIsClosed() throws Exception {
        long stored = collector.collector().store().count();
        byte[] first = request();
        // the last byte of the first request goes with the two pipelined ones, so they always arrive before the first
        // is complete (written all at once, a busy node could answer the first before it read the second)
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        rest.write(first[first.length - 1]);
        rest.write(request());
        rest.write(request());
        try (LogLines log = LogLines.capture(); SSLSocket socket = connect()) {
            socket.getOutputStream().write(first, 0, first.length - 1);
            socket.getOutputStream().flush();
            socket.getOutputStream().write(rest.toByteArray());
            socket.getOutputStream().flush();

            InputStream in = socket.getInputStream();
            assertThat(RawRequest.answer(in)).startsWith("HTTP/1.1 202");
            assertThat(RawRequest.readAll(in)).as("no second answer: closed").isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.intake().isEmpty());
            assertThat(log.intake()).singleElement().asString().matches("INFO ceip.intake - closed 1 connection\\(s\\)"
                    + " that sent a request before their previous one was answered \\(pipelining: one request at a"
                    + " time; the last from client [0-9a-f.:\\[\\]/]+\\)");
        }
        assertThat(collector.collector().store().count()).isEqualTo(stored + 1);
    }

    @Test
    void aClientWritingWithoutReadingIsClosedNotQueued() throws Exception {
        long stored = collector.collector().store().count();
        byte[] request = request();
        try (SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            int written = 0;
            // the first request's last byte travels with the next one, so that the next is there when the first is
            // read (else, on a loaded machine, the first could be answered before any other arrived: a keep-alive)
            byte[] next = new byte[request.length];
            next[0] = request[request.length - 1];
            System.arraycopy(request, 0, next, 1, request.length - 1);
            try {
                out.write(request, 0, request.length - 1);
                // Vert.x alone queued every one of these (the probe: 115,536 requests held, then OutOfMemoryError)
                for (; written < 20_000; written++) {
                    out.write(next);
                }
            } catch (SocketException closedByTheServer) {
                // expected: the server stopped reading and closed the connection
            }
            assertThat(RawRequest.answer(socket.getInputStream())).startsWith("HTTP/1.1 202");
            assertThat(RawRequest.readAll(socket.getInputStream())).isEmpty();
        }
        assertThat(collector.collector().store().count()).isEqualTo(stored + 1);
    }

    @Test
    void aChunkSizeThatIsNoNumberGetsOneTrueLine() throws Exception {
        String answer;
        try (LogLines log = LogLines.capture(); SSLSocket socket = connect()) {
            socket.getOutputStream().write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                    + " application/json\r\nAuthorization: Bearer " + Reports.TOKEN + "\r\nTransfer-Encoding: chunked"
                    + "\r\n\r\nzz\r\nabc\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            answer = RawRequest.readAll(socket.getInputStream());
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.intake().isEmpty());
            List<String> lines = log.intake();
            assertThat(lines).hasSize(1);
            if (answer.isEmpty()) {
                assertThat(lines.get(0)).matches("INFO ceip.intake - 1 request\\(s\\) could not be read \\(bad chunked"
                        + " framing, an Expect not met\\); the last closed without an answer \\(NumberFormatException\\)"
                        + CLIENT);
            } else {
                assertThat(answer).startsWith("HTTP/1.1 400").endsWith("body could not be read");
                assertThat(lines.get(0)).matches("INFO ceip.intake - 1 request\\(s\\) could not be read \\(bad chunked"
                        + " framing, an Expect not met\\); the last answered HTTP 400: body could not be read" + CLIENT);
            }
            // the client's port may hold 503 (127.0.0.1:55030): only the line's own words are looked at
            assertThat(lines.get(0).replaceFirst(" \\(client [^)]*\\)$", "")).doesNotContain("503");
        }
    }

    private static byte[] request() throws IOException {
        byte[] body = Reports.gzip(Reports.utf8(Reports.any()));
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Encoding: gzip\r\nAuthorization: Bearer " + Reports.TOKEN + "\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.write(body);
        return request.toByteArray();
    }

    private static SSLSocket connect() throws Exception {
        return collector.connect();
    }
}
