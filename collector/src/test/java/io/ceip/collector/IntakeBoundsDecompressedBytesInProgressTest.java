package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node bounds the report bytes its requests hold at once, not only their number (review s21 collector H2: eight
 * requests of one address, each an 8 MiB report gzipped to 8.5 KB, ran a -Xmx512m node out of memory). Three
 * addresses send four maximum-size reports each at once to a node whose budget
 * ({@code collector.intake.max-decompressed-bytes-in-progress}) holds one of them: every answer is 202, or 503
 * {@code busy, retry later} with {@code Retry-After: 5} (never 413: the agent would file the report as rejected);
 * every report answered 202 is stored; the budget is given back, so each refused report sent again is taken, as the
 * agent does.
 */
class IntakeBoundsDecompressedBytesInProgressTest {

    private static final int ADDRESSES = 3;
    private static final int PER_ADDRESS = 4;

    @Test
    void maximumSizeReportsAtOnceAreTakenOrAnsweredBusyAndEveryTakenOneIsStored(@TempDir Path dir) throws Exception {
        try (TestCollector node = TestCollector.start(dir, Map.of("collector.intake.max-requests-per-second", "0",
                "collector.intake.max-compressed-bytes", "65536",
                "collector.intake.max-decompressed-bytes", "1048576",
                "collector.intake.max-decompressed-bytes-in-progress", "1"))) { // raised to one request at the limits
            List<String> ids = new ArrayList<>();
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < ADDRESSES * PER_ADDRESS; i++) {
                ids.add(UUID.randomUUID().toString());
                bodies.add(maximumSizeReport(ids.get(i)));
            }
            long before = node.collector().store().count();

            ExecutorService clients = Executors.newFixedThreadPool(ADDRESSES * PER_ADDRESS);
            List<String> answers = new ArrayList<>();
            try {
                CountDownLatch connected = new CountDownLatch(ADDRESSES * PER_ADDRESS);
                List<Future<String>> sent = new ArrayList<>();
                for (int i = 0; i < ADDRESSES * PER_ADDRESS; i++) {
                    String from = "127.0.0." + (1 + i / PER_ADDRESS);
                    byte[] body = bodies.get(i);
                    sent.add(clients.submit(() -> post(node, from, body, connected)));
                }
                for (Future<String> answer : sent) {
                    answers.add(answer.get(60, TimeUnit.SECONDS));
                }
            } finally {
                clients.shutdownNow();
            }

            List<Integer> refused = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                String answer = answers.get(i);
                if (answer.startsWith("HTTP/1.1 202")) {
                    assertThat(node.collector().store().contains(ids.get(i))).as("answered 202: stored").isTrue();
                } else {
                    assertThat(answer).as("not 202: busy, to be sent again").startsWith("HTTP/1.1 503")
                            .containsIgnoringCase("\r\nretry-after: 5\r\n").contains("busy, retry later");
                    refused.add(i);
                }
            }
            assertThat(refused).as("12 at once against a budget of one: some were refused").isNotEmpty();
            assertThat(answers).as("some were taken").anyMatch(answer -> answer.startsWith("HTTP/1.1 202"));

            for (int i : refused) { // the agent sends a report answered 503 again
                assertThat(post(node, "127.0.0.1", bodies.get(i), new CountDownLatch(0))).startsWith("HTTP/1.1 202");
            }
            assertThat(node.collector().store().count()).isEqualTo(before + ADDRESSES * PER_ADDRESS);
        }
    }

    /** A valid report of just under 1 MiB once inflated (this node's limit), some 2 KB gzipped. */
    private static byte[] maximumSizeReport(String reportId) {
        String report = Reports.report(reportId, UUID.randomUUID().toString());
        String hosts = "\u4e2d".repeat(((1 << 20) - report.length() - 64) / 3);
        return Reports.gzip(Reports.utf8(report.replace("\"usage\":{\"hosts\":12}",
                "\"usage\":{\"hosts\":\"" + hosts + "\"}")));
    }

    /**
     * Posts {@code body} (gzip) from the local address {@code from} once every client has connected, and returns the
     * answer.
     */
    private static String post(TestCollector node, String from, byte[] body, CountDownLatch connected)
            throws Exception {
        Socket tcp = new Socket("127.0.0.1", node.reports().getPort(), InetAddress.getByName(from), 0);
        try (SSLSocket socket = (SSLSocket) TestCollector.trusting(node.dir().resolve("tls/collector.pem"))
                .getSocketFactory().createSocket(tcp, "localhost", node.reports().getPort(), true)) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            connected.countDown();
            connected.await(30, TimeUnit.SECONDS);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Encoding: gzip\r\nAuthorization: Bearer " + Reports.TOKEN + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return RawRequest.answer(socket.getInputStream());
        }
    }
}
