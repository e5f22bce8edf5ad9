package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.TestCollector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request whose length can be read two ways — {@code Transfer-Encoding} with {@code Content-Length}, or either twice
 * — gets one answer and its connection ends, so nothing a proxy in front took for the rest of its body is answered
 * here as a second request (request smuggling): Netty does it for a length with chunks or a length twice; the node
 * refuses {@code Transfer-Encoding} twice itself (Netty read it by its chunks and kept the connection open).
 */
class IntakeRefusesAmbiguousLengthsTest {

    @TempDir
    static Path dir;

    static TestCollector collector;

    @BeforeAll
    static void start() throws Exception {
        collector = TestCollector.start(dir, Map.of("collector.intake.max-requests-per-second", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
    }

    /**
     * Netty itself drops the length of a chunked request and closes the connection after its answer, and refuses a
     * length given twice (its own empty 400).
     */
    @ParameterizedTest
    @ValueSource(strings = { "Transfer-Encoding: chunked\r\nContent-Length: 5",
        "Content-Length: 5\r\nTransfer-Encoding: chunked", "Content-Length: 5\r\nContent-Length: 5" })
    void bothHeadersGetOneAnswerThenTheConnectionEnds(String framing) throws Exception {
        String answers = send(framing);

        assertThat(Pattern.compile("HTTP/1\\.1 ").matcher(answers).results().count()).as(answers).isEqualTo(1);
    }

    /** {@code Transfer-Encoding} twice, which Netty reads by its chunks: the node's own 400, one line a second. */
    @ParameterizedTest
    @ValueSource(strings = { "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity" })
    void transferEncodingTwiceIsRefusedThenTheConnectionEnds(String framing) throws Exception {
        try (LogLines log = LogLines.capture()) {
            String answers = send(framing);

            assertThat(Pattern.compile("HTTP/1\\.1 ").matcher(answers).results().count()).as(answers).isEqualTo(1);
            assertThat(answers).startsWith("HTTP/1.1 400").endsWith("Transfer-Encoding and Content-Length may not"
                    + " come together, nor either twice");
            // the first refusal of a second is said at once, the others when the second is over
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.intake()).anyMatch(line -> line
                    .contains("request(s) with HTTP 400: Transfer-Encoding and Content-Length may not come together")));
        }
    }

    /** A GET of the fleet page with {@code framing}, a body of one last chunk, and a second GET after it. */
    private static String send(String framing) throws Exception {
        try (SSLSocket socket = RawRequest.connect(dir.resolve("tls/collector.pem"), collector.reports().getPort())) {
            socket.getOutputStream().write(("GET /fleet HTTP/1.1\r\nHost: localhost\r\n" + framing
                    + "\r\n\r\n0\r\n\r\nGET /fleet HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5_000); // without the close the node would wait 20 s for the next request
            return RawRequest.readAll(socket.getInputStream());
        }
    }
}
