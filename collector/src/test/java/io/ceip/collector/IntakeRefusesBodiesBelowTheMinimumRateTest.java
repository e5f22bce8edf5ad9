package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client with a product token that trickles its bodies cannot hold the node's places of the in-progress limits for
 * the whole body timeout (30 s here, the default): from 5 s after its headers a body must arrive at
 * {@code collector.intake.min-body-bytes-per-second} on average (here 1,000), else 408 and the connection closed, the
 * place freed. A body sent steadily above the minimum, though slower than the timeout would need it, is taken. Raw
 * TLS sockets on loopback; two places, both taken by trickling bodies.
 */
class IntakeRefusesBodiesBelowTheMinimumRateTest {

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.min-body-bytes-per-second", "1000", "collector.intake.max-requests-in-progress", "2",
            "collector.intake.max-requests-per-second", "0"));

    @Test
    void tricklingBodiesAre408AndTheirPlacesFreedLongBeforeTheBodyTimeout() throws Exception {
        List<SSLSocket> sockets = new ArrayList<>();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        try (LogLines log = LogLines.capture()) {
            long started = System.nanoTime();
            for (int i = 0; i < 2; i++) {
                SSLSocket socket = collector.connect();
                sockets.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write(RawRequest.head(100_000));
                out.write('{');
                out.flush();
                answers.add(CompletableFuture.supplyAsync(() -> RawRequest.trickle(socket)));
            }
            // both places held, once the node has read both requests' headers: another report is refused busy
            await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> assertThat(collector.post(
                    Reports.utf8(Reports.any()), true).statusCode()).isEqualTo(503));

            for (CompletableFuture<String> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 408")
                        .endsWith("\r\n\r\nrequest body too slow");
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(tookMillis).as("cut off at the minimum rate (5 s grace), not at the 30 s body timeout")
                    .isBetween(5_000L, 12_000L);
            assertThat(log.intake()).filteredOn(line -> line.contains("HTTP 408")).hasSizeBetween(1, 2)
                    .allMatch(line -> line.matches("INFO ceip.intake - refused [12] request\\(s\\) with HTTP 408:"
                            + " request body too slow \\(the last from client [0-9a-f.:\\[\\]]+\\)"));
            // the places are free again
            collector.assertStillAcceptsReports();
        } finally {
            for (SSLSocket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aBodySentSteadilyAboveTheMinimumIsTaken() throws Exception {
        byte[] report = Reports.utf8(Reports.any());
        byte[] body = Arrays.copyOf(report, 16_000);
        Arrays.fill(body, report.length, body.length, (byte) ' '); // JSON may end with blanks
        try (SSLSocket socket = collector.connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(RawRequest.head(body.length));
            // 2,000 bytes a second, twice the minimum: 8 s in all, past the grace
            for (int sent = 0; sent < body.length; sent += 500) {
                out.write(body, sent, Math.min(500, body.length - sent));
                out.flush();
                Thread.sleep(250);
            }
            assertThat(RawRequest.answer(socket.getInputStream())).startsWith("HTTP/1.1 202");
        }
    }
}
