package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.TestCollector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node holds at most {@code collector.intake.max-connections} connections open (here 5), from all addresses
 * together, counted from their accept: silent TCP connections that never start their TLS handshake count too. A new
 * connection past it is closed before its handshake, with one line a second however many are refused; a connection
 * closed gives its place back; 0 turns the limit off. Real TLS client sockets from several loopback addresses.
 */
class IntakeLimitsConnectionsOnTheNodeTest {

    @TempDir
    Path dir;

    @Test
    void pastTheLimitANewConnectionIsClosedBeforeItsHandshakeUntilOneCloses() throws Exception {
        List<Socket> open = new ArrayList<>();
        try (TestCollector collector = TestCollector.start(dir, Map.of("collector.intake.max-connections", "5",
                "collector.intake.max-requests-per-second", "0"));
                LogLines log = LogLines.capture()) {
            // two TLS connections, each answered (so counted), from two addresses
            for (int i = 2; i <= 3; i++) {
                SSLSocket tls = connect(collector, i);
                assertThat(RawRequest.postReport(tls)).startsWith("HTTP/1.1 202");
                open.add(tls);
            }
            // three silent ones from three other addresses: TCP only, no TLS handshake ever started
            for (int i = 4; i <= 6; i++) {
                Socket silent = new Socket();
                silent.bind(new InetSocketAddress(address(i), 0));
                silent.connect(new InetSocketAddress("127.0.0.1", port(collector)));
                open.add(silent);
            }
            // the node counts a connection once it has taken it from the accept queue: wait until it refuses
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() -> connect(collector, 7)
                    .close()).isInstanceOf(IOException.class));
            for (int i = 0; i < 10; i++) {
                int from = 7 + i;
                assertThatThrownBy(() -> connect(collector, from).close()).as("closed before its handshake")
                        .isInstanceOf(IOException.class);
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.intake())
                    .filteredOn(line -> line.contains("new connection(s) past 5 open on this node")).isNotEmpty());
            assertThat(log.intake()).filteredOn(line -> line.contains("open on this node")).as("one line a second")
                    .hasSizeBetween(1, 5).allMatch(line -> line.matches("INFO ceip.intake - closed \\d+ new"
                            + " connection\\(s\\) past 5 open on this node, the last from /127\\.0\\.0\\.\\d+:\\d+"
                            + " \\(collector.intake.max-connections\\)"));

            // the connections within the limit are still served
            assertThat(RawRequest.postReport((SSLSocket) open.get(0))).startsWith("HTTP/1.1 202");

            open.remove(4).close(); // a silent one hangs up: its place comes back
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (SSLSocket again = connect(collector, 20)) {
                    assertThat(RawRequest.postReport(again)).startsWith("HTTP/1.1 202");
                }
            });
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    void zeroIsNoLimit() throws Exception {
        List<Socket> open = new ArrayList<>();
        try (TestCollector collector = TestCollector.start(dir, Map.of("collector.intake.max-connections", "0",
                "collector.intake.max-requests-per-second", "0"))) {
            for (int i = 0; i < 30; i++) {
                Socket silent = new Socket();
                silent.bind(new InetSocketAddress(address(2 + i), 0));
                silent.connect(new InetSocketAddress("127.0.0.1", port(collector)));
                open.add(silent);
            }
            try (SSLSocket tls = connect(collector, 40)) {
                assertThat(RawRequest.postReport(tls)).startsWith("HTTP/1.1 202");
            }
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    private static InetAddress address(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    private static int port(TestCollector collector) {
        return collector.reports().getPort();
    }

    /** A TLS connection to the node from 127.0.0.{@code last}, handshake done; reads time out at 5 s. */
    private static SSLSocket connect(TestCollector collector, int last) throws Exception {
        SSLSocket socket = (SSLSocket) TestCollector.trusting(collector.dir().resolve("tls/collector.pem"))
                .getSocketFactory().createSocket("localhost", port(collector), address(last), 0);
        try {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
