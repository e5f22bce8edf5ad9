package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No path takes URL parameters, so no token travels in a URL (Camel's platform-http would take
 * {@code ?Authorization=…} for the header): a request with a query string is 400 with a fixed text before any route
 * runs — a report is not stored, no figure is shown — and its line shows neither the URL nor the token. Every answer,
 * refusals included, carries the headers that keep it out of caches and frames ({@code AnswerHeaders}).
 * <p>
 * Refused before routing too, {@code Transfer-Encoding} sent twice: Netty read such a body by its chunks and kept the
 * connection open, so a second request hidden after it, which a proxy in front may have taken for the rest of the
 * body, was answered here (request smuggling). Now one 400, and the connection ends.
 */
class IntakeRefusesTokensInUrlsTest {

    static final String FLEET_TOKEN = FleetFiguresAsJsonTest.FLEET_TOKEN;

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.max-requests-per-second", "0"));

    @Test
    void aTokenInTheUrlIsRefusedWherever() throws Exception {
        long stored = collector.collector().store().stored();
        try (LogLines log = LogLines.capture()) {
            HttpResponse<String> page = get("/fleet?Authorization=Bearer%20" + FLEET_TOKEN);
            HttpResponse<String> figure = get("/v1/fleet/consent-levels.json?authorization=Bearer%20" + FLEET_TOKEN);
            HttpResponse<String> report = collector.post(HttpRequest.newBuilder(collector.uri("/v1/reports?"
                    + "Authorization=Bearer%20" + Reports.TOKEN)).POST(HttpRequest.BodyPublishers.ofByteArray(
                            Reports.utf8(Reports.any()))).header("Content-Type", "application/json"));
            HttpResponse<String> withHeaderToo = collector.post(HttpRequest.newBuilder(collector.uri("/fleet?x=1"))
                    .GET().header("Authorization", "Bearer " + FLEET_TOKEN));

            for (HttpResponse<String> answer : java.util.List.of(page, figure, report, withHeaderToo)) {
                assertThat(answer.statusCode()).as(answer.uri().getPath()).isEqualTo(400);
                assertThat(answer.body()).isEqualTo("no parameters in the URL: send the token in the Authorization"
                        + " header");
            }
            assertThat(collector.collector().store().stored()).isEqualTo(stored);
            assertThat(log.intake()).as("one line a second").hasSizeBetween(1, 2).allMatch(line -> line.matches(
                    "INFO ceip.intake - refused \\d request\\(s\\) with HTTP 400: no parameters in the URL: send the"
                    + " token in the Authorization header \\(the last from client 127\\.0\\.0\\.1:\\d+\\)"));
            assertThat(String.join("\n", log.lines())).doesNotContain(FLEET_TOKEN).doesNotContain(Reports.TOKEN)
                    .doesNotContain("Authorization=");
        }
    }

    /** The refusal closes its connection: a client ignoring {@code Connection: close} cannot go on with it. */
    @Test
    void theConnectionOfARefusalIsClosed() throws Exception {
        try (SSLSocket socket = collector.connect()) {
            socket.getOutputStream().write(("GET /fleet?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5_000); // without the close the node would wait 20 s for the next request
            assertThat(RawRequest.readAll(socket.getInputStream()))
                    .startsWith("HTTP/1.1 400").endsWith("send the token in the Authorization header");
        }
    }

    /** Asking the fleet view again and again without its token (no token is needed to ask): one line a second. */
    @Test
    void theFleetViewsRefusalsAreOneLineASecond() throws Exception {
        long started = System.nanoTime();
        List<String> lines;
        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < 30; i++) {
                assertThat(get("/fleet").statusCode()).isEqualTo(401);
            }
            lines = log.intake();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(lines).isNotEmpty().hasSizeLessThanOrEqualTo((int) seconds + 2).allMatch(line -> line.matches(
                "INFO ceip.intake - refused with HTTP 401: the fleet view needs its token(; \\d+ more since the line"
                        + " before, not logged)? \\(client 127\\.0\\.0\\.1:\\d+\\)"));
    }

    @Test
    void everyAnswerIsKeptOutOfCachesAndFrames() throws Exception {
        HttpResponse<String> page = collector.post(HttpRequest.newBuilder(collector.uri("/fleet")).GET()
                .header("Authorization", "Bearer " + FLEET_TOKEN));
        HttpResponse<String> figure = collector.post(HttpRequest.newBuilder(collector.uri(
                "/v1/fleet/consent-levels.json")).GET().header("Authorization", "Bearer " + FLEET_TOKEN));
        HttpResponse<String> refused = get("/fleet");
        HttpResponse<String> accepted = collector.post(Reports.utf8(Reports.any()), true);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(figure.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(accepted.statusCode()).isEqualTo(202);
        for (HttpResponse<String> answer : java.util.List.of(page, figure, refused, accepted)) {
            assertThat(answer.headers().firstValue("Cache-Control")).as(answer.uri().getPath()).hasValue("no-store");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none';"
                    + " style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        }
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(figure.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return collector.post(HttpRequest.newBuilder(collector.uri(path)).GET());
    }

    /**
     * {@code Transfer-Encoding} twice, which Netty reads by its chunks, and one other than {@code chunked} alone
     * ({@code gzip}: Netty reads no body and the body's bytes as the next request; {@code chunked, gzip}: chunked, and
     * the connection kept): the node's own 400, one line a second.
     */
    @ParameterizedTest
    @ValueSource(strings = { "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity", "Transfer-Encoding: gzip",
        "Transfer-Encoding: chunked, gzip" })
    void transferEncodingTwiceIsRefusedThenTheConnectionEnds(String framing) throws Exception {
        try (LogLines log = LogLines.capture()) {
            String answers = send(framing);

            assertThat(Pattern.compile("HTTP/1\\.1 ").matcher(answers).results().count()).as(answers).isEqualTo(1);
            assertThat(answers).startsWith("HTTP/1.1 400").endsWith("Transfer-Encoding (chunked only) and"
                    + " Content-Length may not come together, nor either twice");
            // the first refusal of a second is said at once, the others when the second is over
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.intake()).anyMatch(line -> line
                    .contains("request(s) with HTTP 400: Transfer-Encoding (chunked only) and Content-Length")));
        }
    }

    /**
     * Netty drops a {@code Content-Length} sent beside {@code Transfer-Encoding: chunked} before any handler sees it,
     * so the pair was not refused: the body read by its chunks (here one last chunk), the answer given, the connection
     * kept, and a request sent after the answer served (a proxy reading the body by its length would have sent that
     * request as the body's rest: request smuggling). Every chunked request is now its connection's last: its answer
     * says {@code Connection: close} and nothing after it is read.
     */
    @ParameterizedTest
    @ValueSource(strings = { "Content-Length: 5\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked\r\nContent-Length: 5", "Transfer-Encoding: chunked" })
    void aChunkedRequestIsItsConnectionsLast(String framing) throws Exception {
        long before = collector.collector().store().count();
        try (SSLSocket socket = collector.connect()) {
            socket.setSoTimeout(5_000);
            String head = "POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + Reports.TOKEN + "\r\n";
            socket.getOutputStream().write((head + framing + "\r\n\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String first = RawRequest.answer(socket.getInputStream());
            byte[] report = Reports.utf8(Reports.any());
            String second;
            try {
                socket.getOutputStream().write((head + "Content-Length: " + report.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(report);
                second = RawRequest.readAll(socket.getInputStream());
            } catch (java.io.IOException closed) {
                second = "";
            }

            assertThat(first).startsWith("HTTP/1.1 400").containsIgnoringCase("\r\nConnection: close\r\n")
                    .contains("\r\nempty body\r\n");
            assertThat(second).as("a request after the chunked one's answer").isEmpty();
        }
        assertThat(collector.collector().store().count()).isEqualTo(before);
    }

    /**
     * A body on a request that takes none (the fleet view's GETs) is refused on its headers, before it is read: the
     * node read it whole before the fleet token was checked, so a client without any token, its body trickling, held
     * a place of max-requests-in-progress for up to the body timeout (30 s; eight addresses held all 64, every agent
     * answered 503 busy): 1,000 of 100,000 announced bytes got no answer within 5 s.
     */
    @ParameterizedTest
    @ValueSource(strings = { "GET /fleet HTTP/1.1\r\nContent-Length: 100000",
        "GET /v1/fleet/operating-systems.json HTTP/1.1\r\nTransfer-Encoding: chunked",
        "DELETE /v1/reports HTTP/1.1\r\nContent-Length: 100000" })
    void aBodyWhereNoneIsTakenIsRefusedBeforeItIsRead(String request) throws Exception {
        try (LogLines log = LogLines.capture(); SSLSocket socket = collector.connect()) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((request + "\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[1000]);

            String answer = RawRequest.readAll(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 400").endsWith("only POST /v1/reports takes a body");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.intake()).singleElement()
                    .asString().startsWith("INFO ceip.intake - refused 1 request(s) with HTTP 400: only POST"
                            + " /v1/reports takes a body (the last from client"));
        }
    }

    /** A GET of the fleet page with {@code framing}, a body of one last chunk, and a second GET after it. */
    /** {@code Host} twice: one 400 (RFC 9112), as a proxy in front could read the other (review s24: it was served). */
    @Test
    void hostTwiceIsRefusedThenTheConnectionEnds() throws Exception {
        try (LogLines log = LogLines.capture()) {
            String answers = send("Host: elsewhere.example");

            assertThat(Pattern.compile("HTTP/1\\.1 ").matcher(answers).results().count()).as(answers).isEqualTo(1);
            assertThat(answers).startsWith("HTTP/1.1 400").endsWith("a request carries one Host header");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.intake()).anyMatch(line -> line
                    .contains("request(s) with HTTP 400: a request carries one Host header")));
        }
    }

    /** A path no route takes: a short fixed text like every other answer, with the same headers (Vert.x: HTML). */
    @Test
    void aPathNoRouteTakesIsAFixedText() throws Exception {
        HttpResponse<String> answer = get("/nowhere");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("no such path");
        assertThat(answer.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
        HttpResponse<String> method = collector.post(HttpRequest.newBuilder(collector.uri("/v1/reports"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()));
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(method.body()).isEqualTo("this path does not take that method");
    }

    /**
     * What Vert.x's router refuses before any handler of the node runs: a path not starting with {@code /}
     * ({@code OPTIONS *}, {@code GET fleet}: 404) and an HTTP/1.1 request without {@code Host} (400). Before: both
     * answered {@code body could not be read}, without the headers of every other answer, and counted in the line
     * of bad chunked framing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"OPTIONS * HTTP/1.1\r\nHost: localhost", "GET fleet HTTP/1.1\r\nHost: localhost",
        "GET /fleet HTTP/1.1"})
    void whatTheRouterRefusesBeforeRoutingIsTheNodesOwnFixedText(String head) throws Exception {
        String answer;
        List<String> lines;
        try (LogLines log = LogLines.capture(); SSLSocket socket = collector.connect()) {
            socket.getOutputStream().write((head + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5_000);
            answer = RawRequest.readAll(socket.getInputStream());
            await().atMost(Duration.ofSeconds(5)).until(() -> !log.intake().isEmpty());
            lines = log.intake();
        }
        boolean noHost = !head.contains("Host:");
        String text = noHost ? "a request carries one Host header" : "no such path";
        assertThat(answer).startsWith(noHost ? "HTTP/1.1 400" : "HTTP/1.1 404").endsWith("\r\n\r\n" + text)
                .containsIgnoringCase("Cache-Control: no-store").containsIgnoringCase("X-Content-Type-Options: nosniff")
                .containsIgnoringCase("Content-Security-Policy: default-src 'none'");
        assertThat(lines).singleElement().asString().matches("INFO ceip.intake - refused 1 request\\(s\\) before"
                + " routing; the last answered HTTP " + (noHost ? 400 : 404) + ": " + text
                + " \\(client 127\\.0\\.0\\.1:\\d+\\)");
    }

    /**
     * Paths under the fleet view's JSON figures that its route ({@code /v1/fleet/{figure}}) does not take: the same
     * fixed text, whether or not a fleet token comes with them (before: Vert.x's HTML page).
     */
    @Test
    void pathsUnderTheFleetFiguresNoRouteTakesAreTheSameFixedText() throws Exception {
        for (String path : new String[] {"/v1/fleet/", "/v1/fleet/a/b.json", "/v1/fleet", "/v1/fleet/a/b/c"}) {
            for (boolean token : new boolean[] {false, true}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(collector.uri(path)).GET();
                if (token) {
                    request.header("Authorization", "Bearer ceip-fleet-demo-token-0123");
                }
                HttpResponse<String> answer = collector.post(request);
                assertThat(answer.statusCode()).as(path).isEqualTo(404);
                assertThat(answer.body()).as(path).isEqualTo("no such path");
                assertThat(answer.headers().firstValue("Content-Type")).as(path)
                        .contains("text/plain; charset=utf-8");
                assertThat(answer.headers().firstValue("Cache-Control")).as(path).contains("no-store");
            }
        }
    }

    private static String send(String framing) throws Exception {
        try (SSLSocket socket = collector.connect()) {
            socket.getOutputStream().write(("GET /fleet HTTP/1.1\r\nHost: localhost\r\n" + framing
                    + "\r\n\r\n0\r\n\r\nGET /fleet HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5_000); // without the close the node would wait 20 s for the next request
            return RawRequest.readAll(socket.getInputStream());
        }
    }
}
