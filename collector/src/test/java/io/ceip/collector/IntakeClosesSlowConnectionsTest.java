package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client cannot hold a connection of the intake for ever: silent, trickling its headers, trickling its body, or
 * idle after an answer, it is closed after {@code collector.intake.header-timeout-seconds} (headers) or answered
 * 408 after {@code collector.intake.body-timeout-seconds} (body), each with one line; well-behaved clients are not
 * affected. Raw TLS sockets on loopback against a node whose timeouts are 1 s (headers) and 2 s (body).
 */
class IntakeClosesSlowConnectionsTest {

    /** One silent connection's line: one a second, with how many (here the second's only one). */
    private static final String SILENT = "INFO ceip.intake - closed 1 connection\\(s\\) that sent no whole request"
            + " within 1000 ms \\(the last from client [0-9a-f.:\\[\\]]+\\)";

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.header-timeout-seconds", "1", "collector.intake.body-timeout-seconds", "2",
            "collector.intake.max-requests-per-second", "0"));

    @AfterEach
    void stillAcceptsReports() throws Exception {
        assertThat(collector.post(Reports.utf8(Reports.any()), true).statusCode()).isEqualTo(202);
    }

    @Test
    void aSilentConnectionIsClosedWithOneLine() throws Exception {
        try (LogLines log = LogLines.capture(); SSLSocket socket = connect()) {
            long started = System.nanoTime();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(10_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.intake().isEmpty());
            assertThat(log.intake()).singleElement().asString().matches(SILENT);
        }
    }

    @Test
    void headersTrickledByteByByteAreCutOff() throws Exception {
        try (LogLines log = LogLines.capture(); SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            // a byte every 200 ms: never idle, never done; closed by the header deadline (1 s), not after 8 KiB
            int sent = 0;
            try {
                while (sent < 100) {
                    out.write('a');
                    out.flush();
                    sent++;
                    Thread.sleep(200);
                }
            } catch (SocketException closedByTheServer) {
                // expected: the server closed the connection
            }
            assertThat(sent).isLessThan(100);
            assertThat(log.intake()).singleElement().asString()
                    .matches(SILENT);
        }
    }

    @Test
    void aBodyTrickledPastItsDeadlineIs408AndClosed() throws Exception {
        String answer;
        List<String> lines;
        try (LogLines log = LogLines.capture(); SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + Reports.TOKEN + "\r\nContent-Length: 1000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // a byte every 200 ms keeps the connection busy; the body's deadline (2 s) still ends it
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException stopped) {
                    // the server closed the connection
                }
            });
            writer.start();
            answer = RawRequest.readAll(socket.getInputStream());
            writer.interrupt();
            writer.join(10_000);
            lines = log.intake();
        }
        assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("\r\nconnection: close\r\n")
                .endsWith("\r\n\r\nrequest body too slow");
        assertThat(lines).singleElement().asString()
                .matches("INFO ceip.intake - refused 1 request\\(s\\) with HTTP 408: request body too slow \\(the last from"
                        + " client [0-9a-f.:\\[\\]]+\\)");
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedQuietlyAfterItsAnswers() throws Exception {
        try (LogLines log = LogLines.capture(); SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                byte[] body = Reports.gzip(Reports.utf8(Reports.any()));
                out.write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Encoding: gzip\r\nAuthorization: Bearer " + Reports.TOKEN + "\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                // each within the header deadline of the last answer: the same connection serves all three
                assertThat(RawRequest.answer(in)).startsWith("HTTP/1.1 202");
            }
            assertThat(in.read()).isEqualTo(-1);
            assertThat(log.intake()).noneMatch(line -> line.contains("closed a connection"));
        }
    }

    private static SSLSocket connect() throws Exception {
        return collector.connect();
    }
}
