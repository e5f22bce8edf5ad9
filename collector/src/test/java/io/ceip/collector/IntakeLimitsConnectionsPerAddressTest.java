package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.TestCollector;

import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client address holds at most {@code collector.intake.max-connections-per-address} connections open (here 3):
 * a new one past it is closed before its TLS handshake, with one line however many are refused in a second; a
 * connection closed gives its place back; silent TCP connections that never start their handshake count too, so
 * one address cannot fill the node's {@code collector.intake.max-connections} alone; 0 turns the limit off.
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
            for (SSLSocket socket : open) {
                assertThat(RawRequest.postReport(socket)).startsWith("HTTP/1.1 202");
            }
            for (int i = 0; i < 10; i++) {
                assertThat(refused(() -> connect(collector))).as("closed before any answer").isTrue();
            }
            assertThat(log.intake()).filteredOn(line -> line.contains("new connection(s)")).as("one line per second")
                    .hasSizeBetween(1, 5).allMatch(line -> line.matches("INFO ceip.intake - closed \\d+ new"
                            + " connection\\(s\\) past 3 open from one address, the last from 127\\.0\\.0\\.1"
                            + " \\(collector.intake.max-connections-per-address\\)"));

            // the connections within the limit are still served
            assertThat(RawRequest.postReport(open.get(0))).startsWith("HTTP/1.1 202");

            open.remove(1).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (SSLSocket again = connect(collector)) {
                    assertThat(RawRequest.postReport(again)).startsWith("HTTP/1.1 202");
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
            assertThat(RawRequest.postReport(open.get(69))).startsWith("HTTP/1.1 202");
        } finally {
            for (SSLSocket socket : open) {
                socket.close();
            }
        }
    }

    /**
     * Silent TCP connections from 127.0.0.2 that never start their handshake take its three places: its TLS
     * connections are closed before their handshake, while 127.0.0.3's are served; one silent connection closing
     * gives its place back (before: counted only once their handshake ended, so the silent ones took none).
     */
    @Test
    void silentConnectionsCountTowardsTheirAddresssLimit() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try (TestCollector collector = TestCollector.start(dir, Map.of(
                "collector.intake.max-connections-per-address", "3", "collector.intake.max-requests-per-second", "0"))) {
            int port = collector.reports().getPort();
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(address(2), 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port));
                silent.add(socket);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> refused(() -> connect(collector, 2)));
            for (int i = 0; i < 5; i++) {
                assertThat(refused(() -> connect(collector, 2))).as("past the address's three").isTrue();
            }
            try (SSLSocket other = connect(collector, 3)) {
                assertThat(RawRequest.postReport(other)).startsWith("HTTP/1.1 202");
            }
            silent.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (SSLSocket again = connect(collector, 2)) {
                    assertThat(RawRequest.postReport(again)).startsWith("HTTP/1.1 202");
                }
            });
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    /** True when the connection {@code open} makes is closed by the node before it answers anything. */
    private static boolean refused(Callable<SSLSocket> open) throws Exception {
        try (SSLSocket socket = open.call()) {
            socket.setSoTimeout(5_000); // without the limit the node would wait 20 s for a request: a timeout, thrown
            return RawRequest.readAll(socket.getInputStream()).isEmpty();
        } catch (SSLException | SocketException | EOFException closedInItsHandshake) {
            return true;
        }
    }

    /** A TLS connection to the node from 127.0.0.{@code last}, handshake done. */
    private static SSLSocket connect(TestCollector collector, int last) throws Exception {
        SSLSocket socket = (SSLSocket) TestCollector.trusting(collector.dir().resolve("tls/collector.pem"))
                .getSocketFactory().createSocket("localhost", collector.reports().getPort(), address(last), 0);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static InetAddress address(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    private SSLSocket connect(TestCollector collector) throws Exception {
        return collector.connect();
    }
}
