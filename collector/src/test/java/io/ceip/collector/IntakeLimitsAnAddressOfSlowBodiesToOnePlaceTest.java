package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.TestCollector;

import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that reopens its trickling bodies as soon as they are answered 408 held its address's places of
 * {@code collector.intake.max-requests-in-progress-per-address} about 5 s of every 6 (review s25). Now an address
 * that had a body answered 408 may have one request in progress for a minute: its second is refused busy at once
 * (one line of its own), other addresses keep their share, and the address itself is still served one request at
 * a time (agents behind one NAT address with the client). Here three places per address, minimum 1,000 B/s; raw TLS
 * sockets from 127.0.0.2 and 127.0.0.3.
 */
class IntakeLimitsAnAddressOfSlowBodiesToOnePlaceTest {

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.min-body-bytes-per-second", "1000",
            "collector.intake.max-requests-in-progress-per-address", "3",
            "collector.intake.max-requests-per-second", "0"));

    @Test
    void anAddressWhoseBodiesWereTooSlowHasOnePlaceForAMinute() throws Exception {
        List<SSLSocket> sockets = new ArrayList<>();
        try (LogLines log = LogLines.capture()) {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(trickling(2, sockets));
            }
            for (CompletableFuture<String> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 408");
            }
            // the address is still served, one request at a time (agents behind the same NAT address)
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(post(2)).startsWith("HTTP/1.1 202"));
            // reopened: one trickle takes the address's one place, and its next request is refused busy
            CompletableFuture<String> again = trickling(2, sockets);
            await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> assertThat(post(2)).startsWith("HTTP/1.1 503")
                    .endsWith("\r\n\r\nbusy, retry later"));
            // another address keeps its three places: two trickles and a report
            trickling(3, sockets);
            trickling(3, sockets);
            assertThat(post(3)).startsWith("HTTP/1.1 202");
            assertThat(again.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 408");
            // its place free again
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(post(2)).startsWith("HTTP/1.1 202"));
            assertThat(log.intake()).filteredOn(line -> line.contains("too slow in the last")).hasSize(1)
                    .allMatch(line -> line.matches("INFO ceip.intake - refused 1 request\\(s\\) with HTTP 503: busy,"
                            + " retry later \\(1 in progress from an address whose body was too slow in the last 60 s,"
                            + " the last from 127\\.0\\.0\\.2\\)"));
        } finally {
            for (SSLSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** A request from 127.0.0.{@code last} announcing 100,000 bytes, sent ten a second; its answer once it comes. */
    private static CompletableFuture<String> trickling(int last, List<SSLSocket> sockets) throws Exception {
        SSLSocket socket = connect(last);
        socket.setSoTimeout(30_000);
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(RawRequest.head(100_000));
        out.write('{');
        out.flush();
        return CompletableFuture.supplyAsync(() -> RawRequest.trickle(socket));
    }

    /** A TLS connection to the node from 127.0.0.{@code last}, handshake done; reads time out at 10 s. */
    private static SSLSocket connect(int last) throws Exception {
        SSLSocket socket = (SSLSocket) TestCollector.trusting(collector.dir().resolve("tls/collector.pem"))
                .getSocketFactory().createSocket("localhost", collector.reports().getPort(),
                        InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}), 0);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    /** A report POSTed from 127.0.0.{@code last} on a connection of its own; the answer's head and body. */
    private static String post(int last) throws Exception {
        try (SSLSocket socket = connect(last)) {
            return RawRequest.postReport(socket);
        }
    }
}
