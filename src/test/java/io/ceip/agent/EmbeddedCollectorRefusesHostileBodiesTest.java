package io.ceip.agent;

import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded collector, over real HTTPS, refuses what it must with a short fixed text: a body over 1 MiB as sent
 * (413, by its Content-Length or counted while streaming), a decompression bomb (413, after reading a few KiB of
 * it), a body labelled gzip that is not (400), a body that is not a valid report (400; every keyword of the
 * schema, enum included), a wrong Content-Type or
 * Content-Encoding (415), a failure of its own (500); a report ID sent again in upper case is acknowledged and
 * stored once.
 */
class EmbeddedCollectorRefusesHostileBodiesTest extends AgentTestSupport {

    private static final long MIB = 1 << 20;
    private static final String REPORT_ID = "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b";
    private static final String REPORT = """
            {"schemaVersion":1,"reportId":"%s","installationId":"b9c6d118-fc63-4d36-bfcf-1f2e6c799c65",
             "generatedAt":"2026-11-23T19:38:59Z","consentLevel":"basic",
             "product":{"name":"Demo","version":"1.0.0","edition":null},"environment":{"osName":"Linux"},
             "database":null,"usage":{"hosts":12},"partial":false,"failures":[],"redaction":{"droppedFields":0}}""";

    private int collectorPort;
    private LogCapture log;
    private HttpClient client;

    @Override
    protected Properties overrides() {
        collectorPort = FreePort.next();
        return with("ceip.collector.enabled", "true",
                "ceip.collector.port", Integer.toString(collectorPort),
                "ceip.collector.directory", dataDirectory().resolve("collector").toString(),
                "ceip.endpoint.url", "https://localhost:" + collectorPort + "/v1/reports",
                "ceip.endpoint.trust-store", "");
    }

    @BeforeEach
    void start() throws Exception {
        log = LogCapture.attach();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustingEmbeddedCollector()).build();
    }

    @AfterEach
    void stop() {
        log.close();
    }

    @Test
    void aCompressedBodyOverOneMebibyteIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        byte[] twoMebibytes = gzip(randomBytes(2 * MIB + 4096));
        assertThat(twoMebibytes.length).isGreaterThan((int) (2 * MIB));

        assertRefused(post("application/json", "gzip", HttpRequest.BodyPublishers.ofByteArray(twoMebibytes)),
                413, "compressed body too large");
        assertRefused(post("application/json", "gzip",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(twoMebibytes))),
                413, "compressed body too large");

        List<Long> read = bytesReadOnRefusal();
        assertThat(read).hasSize(2);
        assertThat(read.get(0)).as("refused by its Content-Length, unread").isZero();
        assertThat(read.get(1)).as("chunked: counted while streaming").isEqualTo(MIB + 1);
        assertThat(storedReports()).isEmpty();
    }

    @Test
    void aDecompressionBombIsRefusedWith413AfterAFewKibibytesOfIt() throws Exception {
        byte[] bomb = gzipZeros(1L << 30);
        assertThat(bomb.length).as("1 GiB of zeros, under the compressed limit").isLessThan((int) MIB);

        assertRefused(post("application/json", "gzip", HttpRequest.BodyPublishers.ofByteArray(bomb)),
                413, "decompressed body too large");

        List<Long> read = bytesReadOnRefusal();
        System.out.printf("A gzip bomb of %d bytes inflating to 1 GiB: refused after reading %d bytes of it%n",
                bomb.length, read.get(0));
        assertThat(read).singleElement().as("compressed bytes read: 10 MiB of zeros is about 10 KiB of gzip")
                .satisfies(bytes -> assertThat(bytes).isBetween(1L, 64L * 1024));
        assertThat(storedReports()).isEmpty();
    }

    @Test
    void garbageLabelledGzipAndBodiesThatAreNotReportsAreRefusedWith400() throws Exception {
        assertRefused(post("application/json", "gzip", HttpRequest.BodyPublishers.ofByteArray(randomBytes(4096))),
                400, "body is not valid gzip");
        assertRefused(post("application/json", "gzip",
                HttpRequest.BodyPublishers.ofByteArray(report(REPORT_ID).getBytes(StandardCharsets.UTF_8))),
                400, "body is not valid gzip");
        assertRefused(post("application/json", "gzip", gzipped("{\"reportId\":\"" + REPORT_ID + "\"")), 400,
                "body is not JSON");
        assertRefused(post("application/json", "gzip", gzipped(report(REPORT_ID).replace("\"partial\":false",
                "\"partial\":\"<script>\""))), 400, "body is not a valid report");
        assertRefused(post("application/json", "gzip", gzipped(report(REPORT_ID).replace("\"usage\"",
                "\"password\":\"hunter2\",\"usage\""))), 400, "body is not a valid report");
        assertRefused(post("application/json", "gzip", gzipped(report(REPORT_ID).replace("\"consentLevel\":\"basic\"",
                "\"consentLevel\":\"maximal\""))), 400, "body is not a valid report");
        assertRefused(post("application/json", "gzip", gzipped(report("../../etc/passwd"))), 400,
                "body has no valid reportId");
        assertThat(storedReports()).isEmpty();
        assertThat(log.all()).doesNotContain("hunter2", "<script>", "passwd");
    }

    @Test
    void aWrongContentTypeOrEncodingIsRefusedWith415() throws Exception {
        assertRefused(post("text/plain", "gzip", gzipped(report(REPORT_ID))), 415,
                "Content-Type must be application/json");
        assertRefused(post("application/x-www-form-urlencoded", null,
                HttpRequest.BodyPublishers.ofString("a=" + "b".repeat(300_000))), 415,
                "Content-Type must be application/json");
        assertRefused(post("application/json", "br", gzipped(report(REPORT_ID))), 415,
                "Content-Encoding must be gzip or none");
        assertThat(storedReports()).isEmpty();
    }

    @Test
    void aReportIdSentAgainInUpperCaseIsAcknowledgedAndStoredOnce() throws Exception {
        HttpResponse<String> first = post("application/json", "gzip", gzipped(report(REPORT_ID)));
        HttpResponse<String> again = post("application/json; charset=utf-8", "gzip",
                gzipped(report(REPORT_ID.toUpperCase())));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(storedReports()).singleElement().extracting(file -> file.getFileName().toString())
                .isEqualTo(REPORT_ID + ".json");
        assertThat(log.all()).contains("report " + REPORT_ID + " received again");
    }

    @Test
    void aFailureOfTheCollectorItselfIsAnswered500WithAFixedText() throws Exception {
        Files.writeString(dataDirectory().resolve("collector"), "not a directory");

        assertRefused(post("application/json", "gzip", gzipped(report(REPORT_ID))), 500, "internal error");
        assertThat(log.all()).containsPattern("Embedded collector: request failed \\(\\w+\\); answered HTTP 500")
                .doesNotContain("not a directory");
    }

    private void assertRefused(HttpResponse<String> response, int status, String text) {
        assertThat(response.statusCode()).as(text).isEqualTo(status);
        assertThat(response.body()).as("a short fixed text, never an exception's").isEqualTo(text);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
    }

    private HttpResponse<String> post(String contentType, String contentEncoding,
            HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("https://localhost:" + collectorPort + "/v1/reports")).POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body bytes read before each refusal, from the collector's log lines. */
    private List<Long> bytesReadOnRefusal() {
        Matcher matcher = Pattern.compile("after reading (\\d+) byte\\(s\\) of its body").matcher(log.all());
        return matcher.results().map(result -> Long.parseLong(result.group(1))).toList();
    }

    private List<Path> storedReports() throws Exception {
        Path directory = dataDirectory().resolve("collector");
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".json")).toList();
        }
    }

    private static String report(String reportId) {
        return REPORT.formatted(reportId);
    }

    private static HttpRequest.BodyPublisher gzipped(String json) {
        return HttpRequest.BodyPublishers.ofByteArray(GzipDataFormat.gzip(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] gzip(byte[] bytes) {
        return GzipDataFormat.gzip(bytes);
    }

    private static byte[] randomBytes(long length) {
        byte[] bytes = new byte[(int) length];
        new Random(16).nextBytes(bytes);
        return bytes;
    }

    private static byte[] gzipZeros(long bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < bytes; written += zeros.length) {
                gzip.write(zeros, 0, (int) Math.min(zeros.length, bytes - written));
            }
        }
        return out.toByteArray();
    }

}
