package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.RawRequest;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile requests over real HTTPS: each is refused with its status and a short fixed text (never an exception's
 * message), nothing refused is stored, and the collector goes on accepting reports. Limits here: 64 KiB as sent,
 * 64 KiB decompressed; two products with a token each. A body over the limit as sent is refused by the HTTP server
 * while it arrives (announced or chunked), a client may hang up mid-body: each is one line on {@code ceip.intake}
 * naming the refusal and the client, no ERROR, no stack trace (that only at DEBUG).
 */
class IntakeRefusesHostileRequestsTest {

    /** The line of each refusal, on the routes' logger: status, fixed text, the client's address. */
    static final String REFUSED_413 = "INFO ceip.intake - refused (\\d+) request\\(s\\) with HTTP 413: compressed body"
            + " too large \\(the last from client [0-9a-f.:\\[\\]]+\\)";
    static final String OTHER_TOKEN = "other-product-token-abcdef";
    /** The line of clients hanging up mid-body: at most one a second, with how many. */
    static final String BROKE_OFF = "INFO ceip.intake - (\\d+) request\\(s\\) broke off before their body was read, not"
            + " answered \\(the last from client [0-9a-f.:\\[\\]]+\\)";
    static final Set<String> FIXED_TEXTS = Set.of("missing or unknown product token", "token not valid for this product",
            "Content-Type must be application/json", "Content-Encoding must be gzip or none",
            "compressed body too large", "decompressed body too large", "body is not valid gzip", "empty body",
            "body is not JSON", "report has no integer schemaVersion", "report has no valid reportId",
            "report has no valid installationId", "report does not match its schema",
            "report has a NUL or an unpaired surrogate in a text", "report refused by the database");

    @TempDir
    static Path dir;

    static TestCollector collector;
    static long stored;

    @BeforeAll
    static void start() throws Exception {
        Path tokens = dir.resolve("tokens.properties");
        TestCollector.tokensFile(tokens, "demo.product=" + Reports.PRODUCT + "\ndemo.token=" + Reports.TOKEN
                + "\nother.product=Other Product\nother.token=" + OTHER_TOKEN + "\n");
        collector = TestCollector.start(dir, Map.of("collector.tokens-file", tokens.toString(),
                "collector.intake.max-compressed-bytes", "65536", "collector.intake.max-decompressed-bytes", "65536",
                "collector.intake.max-requests-per-second", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
    }

    @AfterEach
    void stillAcceptsReports() throws Exception {
        collector.assertStillAcceptsReports();
    }

    private HttpRequest.Builder request(String token, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(collector.reports())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request;
    }

    private void assertRefused(HttpResponse<String> response, int status, String text) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(text);
    }

    private long count() throws Exception {
        return collector.collector().store().count();
    }

    @Test
    void missingWrongAndOtherProductsTokensAre401() throws Exception {
        long before = count();
        byte[] report = Reports.utf8(Reports.any());

        assertRefused(collector.post(request(null, "application/json", report)), 401,
                "missing or unknown product token");
        assertRefused(collector.post(request(Reports.TOKEN + "x", "application/json", report)), 401,
                "missing or unknown product token");
        assertRefused(collector.post(request("", "application/json", report).setHeader("Authorization",
                "Basic " + Reports.TOKEN)), 401, "missing or unknown product token");
        try (LogLines log = LogLines.capture()) {
            assertRefused(collector.post(request(OTHER_TOKEN, "application/json", report)), 401,
                    "token not valid for this product");
            assertThat(log.intake()).as("the line, not the answer, names the token's product").singleElement()
                    .asString().matches("INFO ceip.intake - refused with HTTP 401: token not valid for this product;"
                            + " the token is for product 'Other Product' \\(client 127\\.0\\.0\\.1:\\d+\\)");
        }
        assertThat(count()).isEqualTo(before);
    }

    /**
     * The name must be the token's product exactly: one spelled in other capitals, or with spaces around it, would
     * count as another product in the fleet view.
     */
    @Test
    void aProductNameSpelledOtherwiseIs401() throws Exception {
        long before = count();
        for (String name : new String[] { "other product", "OTHER PRODUCT", " Other Product", "Other Product " }) {
            String report = Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "full",
                    name, "2.0", "Windows", "21", "H2");
            assertRefused(collector.post(request(OTHER_TOKEN, "application/json", Reports.utf8(report))), 401,
                    "token not valid for this product");
        }
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void eachProductIsAcceptedWithItsOwnToken() throws Exception {
        String report = Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "full",
                "Other Product", "2.0", "Windows", "21", "H2");

        HttpResponse<String> response = collector.post(request(OTHER_TOKEN, "application/json; charset=utf-8",
                Reports.utf8(report)));

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void wrongContentTypesAndEncodingsAre415() throws Exception {
        byte[] report = Reports.utf8(Reports.any());

        assertRefused(collector.post(request(Reports.TOKEN, "text/plain", report)), 415,
                "Content-Type must be application/json");
        assertRefused(collector.post(request(Reports.TOKEN, null, report)), 415,
                "Content-Type must be application/json");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", report)
                .header("Content-Encoding", "br")), 415, "Content-Encoding must be gzip or none");
    }

    @Test
    void aBodyOverTheLimitAndADecompressionBombAre413WithOneLineEach() throws Exception {
        long before = count();
        byte[] big = new byte[200_000];
        // 50 MB of zeros: about 50 KB of gzip, under the compressed limit, far over the decompressed one
        byte[] bomb = Reports.gzip(new byte[50_000_000]);
        assertThat(bomb.length).isLessThan(65536);
        List<String> lines;
        try (LogLines log = LogLines.capture()) {
            // announced by its Content-Length: refused by the HTTP server before it is read
            HttpResponse<String> announced = collector.post(request(Reports.TOKEN, "application/json", big));
            // no length (chunked): refused by the HTTP server once 64 KiB have arrived; the client may still be
            // writing when the server closes, and then loses the answer to the reset (a loaded machine): the
            // refusal is still counted in the log below
            HttpResponse<String> streamed;
            try {
                streamed = collector.post(request(Reports.TOKEN, "application/json", big)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
            } catch (java.io.IOException resetWhileWriting) {
                streamed = null;
            }
            // announced as 1 GiB, nothing sent
            String huge = RawRequest.post(dir.resolve("tls/collector.pem"), collector.reports().getPort(),
                    "Content-Length: 1073741824", 0, true);
            HttpResponse<String> inflated = collector.post(request(Reports.TOKEN, "application/json", bomb)
                    .header("Content-Encoding", "gzip"));

            for (HttpResponse<String> tooBig : streamed == null ? List.of(announced) : List.of(announced, streamed)) {
                assertRefused(tooBig, 413, "compressed body too large");
                assertThat(tooBig.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
            }
            assertThat(huge).startsWith("HTTP/1.1 413").endsWith("\r\n\r\ncompressed body too large");
            assertRefused(inflated, 413, "decompressed body too large");
            // the server's 413s: one line a second, the rest told by the next second's timer
            await().atMost(Duration.ofSeconds(10)).until(() -> told(log.lines(), REFUSED_413) >= 3);
            lines = log.lines();
        }

        // (a line may also count an earlier test's refusals still untold, and other kinds' lines may be told meanwhile)
        assertThat(lines).noneMatch(line -> line.startsWith("WARN") || line.startsWith("ERROR"));
        assertThat(told(lines, REFUSED_413)).isGreaterThanOrEqualTo(3);
        assertThat(lines.stream().filter(line -> line.contains("decompressed"))).singleElement().asString().matches(
                "INFO ceip.intake - refused with HTTP 413: decompressed body too large \\(client [0-9a-f.:\\[\\]]+\\)");
        assertThat(count()).isEqualTo(before);
    }

    /** The refusals a line counts ({@code pattern}'s first group), over the lines that match it. */
    static int told(List<String> lines, String pattern) {
        return lines.stream().filter(line -> line.matches(pattern))
                .mapToInt(line -> Integer.parseInt(line.replaceFirst(pattern, "$1"))).sum();
    }

    /**
     * A 413 closes the connection: a client announcing 1 GiB and sending on is cut off once the limit's worth more
     * arrived (Vert.x would read and drop the whole announced body), and gets its answer.
     */
    @Test
    void aBodyFarOverTheLimitIsCutOffAfterItsAnswer() throws Exception {
        long written = 0;
        String answer;
        try (javax.net.ssl.SSLSocket socket = collector.connect()) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + Reports.TOKEN + "\r\nContent-Length: 1073741824\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            answer = RawRequest.answer(socket.getInputStream());
            try {
                byte[] chunk = new byte[8192];
                while (written < 64L << 20) {
                    out.write(chunk);
                    written += chunk.length;
                }
            } catch (java.io.IOException closedByTheNode) {
                // what the test expects
            }
        }
        assertThat(answer).startsWith("HTTP/1.1 413").endsWith("\r\n\r\ncompressed body too large");
        assertThat(written).as("bytes sent before the node closed the connection").isLessThan(64L << 20);
    }

    @Test
    void theServerCountsTheSameLimitAsTheIntake() throws Exception {
        byte[] atTheLimit = new byte[65536];
        Arrays.fill(atTheLimit, (byte) 'x');
        byte[] oneMore = Arrays.copyOf(atTheLimit, 65537);
        oneMore[65536] = 'x';

        assertRefused(collector.post(request(Reports.TOKEN, "application/json", atTheLimit)), 400, "body is not JSON");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", oneMore)), 413,
                "compressed body too large");
    }

    @Test
    void aClientHangingUpMidBodyIsOneLineAndTheFailureOnlyAtDebug() throws Exception {
        Path pem = dir.resolve("tls/collector.pem");
        int port = collector.reports().getPort();
        List<String> lines;
        String answer;
        Configurator.setLevel("ceip.intake", Level.DEBUG);
        try (LogLines log = LogLines.capture()) {
            // 1,000 of the 30,000 bytes it announced, then gone
            RawRequest.post(pem, port, "Content-Length: 30000", 1000, false);
            await().atMost(Duration.ofSeconds(20)).until(() -> log.lines().stream()
                    .anyMatch(line -> line.startsWith("DEBUG ceip.intake - the request's failure")));
            // chunked past the limit: answered 413 once 64 KiB arrived; it sends the rest (within the 64 KiB more the
            // node drops before closing), reads the answer, hangs up
            answer = RawRequest.post(pem, port, "Transfer-Encoding: chunked", 110_000, true);
            await().atMost(Duration.ofSeconds(20)).until(() -> log.lines().stream()
                    .anyMatch(line -> line.startsWith("DEBUG ceip.intake - request failed after its answer")));
            lines = log.lines();
        } finally {
            Configurator.setLevel("ceip.intake", Level.INFO);
        }

        assertThat(answer).startsWith("HTTP/1.1 413").endsWith("\r\n\r\ncompressed body too large");
        List<String> shown = lines.stream().filter(line -> !line.startsWith("DEBUG")).toList();
        // the hang-up's line: one a second, maybe told after the capture (clientsResettingMidBody... counts them);
        // other tests' lines a second may be told during it
        assertThat(shown).noneMatch(line -> line.startsWith("WARN") || line.startsWith("ERROR"));
        assertThat(shown.stream().filter(line -> line.matches(REFUSED_413))).hasSizeLessThanOrEqualTo(1);
        assertThat(shown.stream().filter(line -> line.matches(BROKE_OFF))).hasSizeLessThanOrEqualTo(1);
        assertThat(lines.stream().filter(line -> line.startsWith("DEBUG"))).isNotEmpty()
                .allMatch(line -> line.endsWith(" | io.vertx.core.http.HttpClosedException"));
    }

    /**
     * Clients with a token resetting their connections mid-body (the server's read fails with a SocketException, not
     * as a clean close): as a hang-up, at most one INFO line a second, never a WARN per request.
     */
    @Test
    void clientsResettingMidBodyAreNoWarningPerRequest() throws Exception {
        Path pem = dir.resolve("tls/collector.pem");
        int port = collector.reports().getPort();
        long started = System.nanoTime();
        List<String> lines;
        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < 30; i++) {
                RawRequest.resetMidBody(pem, port);
            }
            // the last ones are told by the timer within the next second
            await().atMost(Duration.ofSeconds(20)).until(() -> told(log.intake(), BROKE_OFF) >= 30);
            lines = log.intake();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(lines).as("no WARN").noneMatch(line -> line.startsWith("WARN"));
        assertThat(lines.stream().filter(line -> line.matches(BROKE_OFF))).as("one line a second")
                .hasSizeLessThanOrEqualTo((int) seconds + 2);
        // Vert.x reports a reset, then the close: counted once (an earlier test's hang-up may still be untold)
        assertThat(told(lines, BROKE_OFF)).as("each reset counted once").isBetween(30, 31);
    }

    @Test
    void garbageGzipEmptyBodiesAndNonJsonAre400() throws Exception {
        byte[] garbage = Reports.gzip(Reports.utf8(Reports.any()));
        garbage[garbage.length / 2] ^= 0x55;
        garbage[garbage.length - 3] ^= 0x55;

        assertRefused(collector.post(request(Reports.TOKEN, "application/json", garbage)
                .header("Content-Encoding", "gzip")), 400, "body is not valid gzip");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8("not json at all")
                ).header("Content-Encoding", "gzip")), 400, "body is not valid gzip");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", new byte[0])), 400, "empty body");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8("{\"a\":"))), 400,
                "body is not JSON");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8("[1,2]"))), 400,
                "body is not JSON");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json",
                Reports.utf8("[".repeat(5000) + "]".repeat(5000)))), 400, "body is not JSON");
    }

    @Test
    void invalidReportsAre400AndAnUnknownSchemaVersionIsNamed() throws Exception {
        long before = count();
        String id = UUID.randomUUID().toString();
        String installation = UUID.randomUUID().toString();

        assertRefused(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8(Reports.report(7, id,
                installation, "basic", Reports.PRODUCT, "1", "Linux", "17", "H2")))), 400, "unknown schemaVersion 7");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8(Reports.any()
                .replace("\"schemaVersion\":1", "\"schemaVersion\":\"1\"")))), 400,
                "report has no integer schemaVersion");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8(Reports.report(
                "'; DROP TABLE ceip_report; --", installation)))), 400, "report has no valid reportId");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8(Reports.report(id,
                "../../etc/passwd")))), 400, "report has no valid installationId");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8(Reports.report(id,
                installation).replace("\"consentLevel\":\"basic\"", "\"consentLevel\":\"everything\"")))), 400,
                "report does not match its schema");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8(Reports.report(id,
                installation).replace("\"partial\":false,", "\"secret\":\"x\",\"partial\":false,")))), 400,
                "report does not match its schema");
        assertRefused(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8(Reports.report(id,
                installation).replace("\"usage\":{\"hosts\":12}", "\"usage\":{\"hosts\":-12}")))), 400,
                "report does not match its schema"); // a count is never negative: no forged fleet figures
        assertThat(count()).isEqualTo(before);
        assertThat(collector.collector().store().contains(id)).isFalse();
    }

    /**
     * JSON lets a string carry {@code \u0000} and lone surrogates, which the databases refuse (H2 JSON: SQL state
     * 22018; PostgreSQL jsonb): such a report was answered 202 and then dropped by the store. Now 400, in a value or
     * a name, and nothing is stored; a pair of surrogates (an emoji) is text like any other.
     */
    @Test
    void textTheDatabasesCannotKeepIs400NeverA202ThatIsDropped() throws Exception {
        long before = count();
        String osName = "\"osName\":\"Linux\"";
        String partial = "\"partial\":false";
        for (String[] hostile : new String[][] {{osName, "\"osName\":\"\\udfff lone low\""},
                {osName, "\"osName\":\"\\ud800 lone high\""}, {osName, "\"osName\":\"a\\u0000b\""},
                {partial, "\"features\":{\"events\":{\"x\\ud800\":1}}," + partial}}) {
            String id = UUID.randomUUID().toString();
            String report = Reports.report(id, UUID.randomUUID().toString()).replace("\"consentLevel\":\"basic\"",
                    "\"consentLevel\":\"full\"").replace(hostile[0], hostile[1]);
            assertThat(report).as("the fixture was changed").contains(hostile[1]);

            assertRefused(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8(report))), 400,
                    "report has a NUL or an unpaired surrogate in a text");
            assertThat(collector.collector().store().contains(id)).isFalse();
        }
        assertThat(count()).isEqualTo(before);
        String emoji = Reports.any().replace(osName, "\"osName\":\"Linux \\ud83d\\ude00\"");
        assertThat(collector.post(request(Reports.TOKEN, "application/json", Reports.utf8(emoji))).statusCode())
                .isEqualTo(202);
    }

    @Test
    void hugeHeadersAndOtherMethodsAreRefusedWithoutAnExceptionsText() throws Exception {
        String huge;
        HttpResponse<String> get;
        try (LogLines log = LogLines.capture()) {
            // headers past Vert.x's 8 KiB, written at once (one TLS record): the server has read all of it when it
            // answers and closes (a client still writing then, as an HttpClient sending 64 KiB of headers, may lose
            // the answer to the connection's reset: a race of TCP, not of the collector)
            huge = RawRequest.post(dir.resolve("tls/collector.pem"), collector.reports().getPort(),
                    "Content-Length: 0\r\nX-Padding: " + "x".repeat(9_000), 0, true);
            get = collector.post(HttpRequest.newBuilder(collector.reports()).GET()
                    .header("Authorization", "Bearer " + Reports.TOKEN));
            assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR") || line.contains(" | "));
        }

        assertThat(huge).startsWith("HTTP/1.1 431");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(huge + get.body()).doesNotContain("Exception").doesNotContain("at io.")
                .doesNotContain(Reports.TOKEN);
    }

    @Test
    void everyRefusalTextIsOneOfTheFixedOnes() throws Exception {
        HttpResponse<String> response = collector.post(request(Reports.TOKEN, "application/json",
                Reports.utf8("{\"schemaVersion\":1}")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(FIXED_TEXTS).contains(response.body());
    }
}
