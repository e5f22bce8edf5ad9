package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.events.EventSpool;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PlantedSecrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loopback HTTP intake (route {@code ceip-events-http}, {@code ceip.events.http.*}) over real HTTP on
 * 127.0.0.1, at full consent: each answer (202 with counts, 400, 401, 403, 405, 413, 415) with its short fixed text;
 * hostile bodies (larger than the bound, announced or streamed: the intake's own 413 and one line; too many lines; a
 * gzip bomb; garbage; a client hanging up mid-body: one line, Vert.x's failure only at DEBUG); the token
 * made {@code 0600} in the data directory; nothing listening on another address; and events taken over HTTP reported
 * exactly as the same lines handed through the spool.
 */
class EventsHttpIntakeTest extends AgentTestSupport {

    /** The spool test's sample, as a product would POST it. */
    static final String LINES = EventsSpoolRouteTest.SAMPLE + "\n";
    private static final String NDJSON = "application/x-ndjson";

    private final LogCapture log = LogCapture.attach();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // made in overrides(): CamelTestSupport asks for the properties from its constructor, before field initialisers
    private int port;

    @Override
    protected Properties overrides() {
        port = FreePort.next();
        return with("ceip.consent.default", "full", "ceip.events.http.enabled", "true",
                "ceip.events.http.port", Integer.toString(port), "ceip.events.http.max-body-bytes", "65536",
                "ceip.events.http.max-lines", "100", "ceip.events.poll-interval", "100");
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    private String token() throws IOException {
        return Files.readString(dataDirectory().resolve("events-token")).strip();
    }

    private HttpResponse<String> post(String body, String... headers) throws Exception {
        return post(HttpRequest.BodyPublishers.ofString(body), headers);
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ceip/events"))
                .timeout(Duration.ofSeconds(20)).POST(body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs {@link #LINES} to the intake on {@code port} with the token of {@code dataDirectory}, as a product does. */
    static HttpResponse<String> postSampleLines(java.nio.file.Path dataDirectory, int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/ceip/events")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + Files.readString(dataDirectory.resolve("events-token")).strip())
                .header("Content-Type", NDJSON).POST(HttpRequest.BodyPublishers.ofString(LINES)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postWithToken(String body) throws Exception {
        return post(body, "Authorization", "Bearer " + token(), "Content-Type", NDJSON);
    }

    private EventSpool counters() {
        return context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
    }

    @Test
    void eventsOverHttpAreReportedExactlyAsSpooledOnes() throws Exception {
        HttpResponse<String> answer = postWithToken(LINES);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).isEqualTo("{\"accepted\":7,\"skipped\":1}");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.headers().map().toString()).doesNotContain(token());
        assertThat(counters().accepted()).isEqualTo(7);
        assertThat(counters().refusedLines()).isEqualTo(1);
        assertThat(log.all()).contains("Events: HTTP intake: 7 event(s) accepted, 1 line(s) refused (first at line 4:"
                + " not-json)").doesNotContain("not json at all");
        runReportCycle();

        Path spool = Files.createDirectories(dataDirectory().resolve("events"));
        Files.writeString(spool.resolve("same.jsonl.tmp"), LINES);
        Files.move(spool.resolve("same.jsonl.tmp"), spool.resolve("same.jsonl"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(spool.resolve("same.jsonl")));
        runReportCycle();

        JsonNode overHttp = parse(server().received().get(0).json());
        JsonNode spooled = parse(server().received().get(1).json());
        for (String part : List.of("/features/events", "/errors", "/durations")) {
            assertThat(overHttp.at(part).isMissingNode()).as(part).isFalse();
            assertThat(overHttp.at(part)).as(part).isEqualTo(spooled.at(part));
        }
        assertThat(overHttp.at("/features/events/dashboards.open").asLong()).isEqualTo(2);
        assertThat(overHttp.toString()).doesNotContain("no dashboard").doesNotContain("beta.sandbox");
    }

    @Test
    void theTokenIsMadeOwnerOnlyAndAWrongOneIsRefused() throws Exception {
        Path file = dataDirectory().resolve("events-token");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(token()).matches("[A-Za-z0-9_-]{43}");
        for (String[] headers : List.of(new String[] { "Content-Type", NDJSON },
                new String[] { "Authorization", "Bearer " + token() + "x", "Content-Type", NDJSON },
                new String[] { "Authorization", "Bearer " + token().substring(1), "Content-Type", NDJSON },
                new String[] { "Authorization", "Basic " + token(), "Content-Type", NDJSON },
                new String[] { "Authorization", "Bearer ", "Content-Type", NDJSON },
                new String[] { "Authorization", "Bearer planted-secret-value-4711", "Content-Type", NDJSON })) {
            HttpResponse<String> answer = post(LINES, headers);
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.body()).isEqualTo("{\"error\":\"unauthorized\"}");
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        assertThat(counters().accepted()).isZero();
        assertThat(log.all()).contains("Events: HTTP intake: 1 request(s) with no token or a wrong one refused (401)"
                + " since start: send Authorization: Bearer and the token in ceip.events.http.token-file")
                .doesNotContain("planted-secret-value-4711").doesNotContain(token());
    }

    @Test
    void aTokenInTheUrlIsRefusedUnread() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/ceip/events?Authorization=Bearer%20" + token())).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", NDJSON).POST(HttpRequest.BodyPublishers.ofString(LINES)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("{\"error\":\"no parameters in the URL\"}");
        }
        assertThat(counters().accepted()).isZero();
        assertThat(log.all()).contains("Events: HTTP intake: 1 request(s) with parameters in the URL refused (400)"
                + " since start: send the token in the Authorization header").doesNotContain(token());
        assertThat(postWithToken(LINES).statusCode()).as("the header still works").isEqualTo(202);
    }

    @Test
    void onlyJsonLinesNotEncodedAreTaken() throws Exception {
        for (String type : new String[] { "text/plain", "application/json", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/x-ndjson; charset=latin1",
                "application/x-ndjson; charset = utf-16", "application/jsonl;CHARSET =\"UTF-16\"" }) {
            HttpResponse<String> answer = post(LINES, "Authorization", "Bearer " + token(), "Content-Type", type);
            assertThat(answer.statusCode()).as(type).isEqualTo(415);
            assertThat(answer.body()).isEqualTo("{\"error\":\"send application/x-ndjson, UTF-8, not encoded\"}");
        }
        assertThat(post(LINES, "Authorization", "Bearer " + token()).statusCode()).as("no type").isEqualTo(415);
        assertThat(log.all()).as("every refusal is logged").contains("Events: HTTP intake: 1 request(s) refused (415)"
                + " since start: send application/x-ndjson, UTF-8, not encoded");
        assertThat(post(LINES, "Authorization", "Bearer " + token(), "Content-Type", "application/jsonl;charset=UTF-8")
                .statusCode()).isEqualTo(202);
        assertThat(counters().accepted()).isEqualTo(7);

        // a gzip bomb (under 64 KiB that would inflate to 60 MiB of lines): refused by its encoding, never inflated
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            byte[] lines = new byte[1024 * 1024];
            java.util.Arrays.fill(lines, (byte) '\n');
            for (int i = 0; i < 60; i++) {
                gzip.write(lines);
            }
        }
        assertThat(bomb.size()).isLessThan(65536);
        HttpResponse<String> answer = post(HttpRequest.BodyPublishers.ofByteArray(bomb.toByteArray()),
                "Authorization", "Bearer " + token(), "Content-Type", NDJSON, "Content-Encoding", "gzip");
        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(counters().accepted()).isEqualTo(7);
    }

    @Test
    void bodiesPastTheBoundsAreRefusedWhole() throws Exception {
        String line = "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n";
        HttpResponse<String> lines = postWithToken(line.repeat(101));
        assertThat(lines.statusCode()).isEqualTo(413);
        assertThat(lines.body()).isEqualTo("{\"error\":\"too many lines\"}");
        assertThat(log.all()).contains("Events: HTTP intake: 1 body(ies) refused (413) since start: more than"
                + " ceip.events.http.max-lines");
        assertThat(postWithToken(line.repeat(100)).statusCode()).isEqualTo(202);
        assertThat(counters().accepted()).as("nothing of the refused body").isEqualTo(100);

        String refused = "io\\.ceip\\.agent\\.events\\.EventIntake Events: HTTP intake: \\d+ body\\(ies\\)"
                + " refused \\(413\\) since start: more than ceip\\.events\\.http\\.max-body-bytes";
        String before = log.shown();
        // past the server's bound (camel.server.max-body-size): the intake's own answer, as its other refusals
        HttpResponse<String> large = postWithToken(line.repeat(65536 / line.length() + 1));
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).isEqualTo("{\"error\":\"body too large\"}");
        assertThat(large.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(counters().accepted()).isEqualTo(100);

        // announced as 1 GiB: answered at once, not read
        assertThat(raw("Content-Length: 1073741824\r\n", new byte[1024], false)).startsWith("HTTP/1.1 413")
                .contains("Content-Type: application/json").endsWith("\r\n\r\n{\"error\":\"body too large\"}");
        // streamed without a length, 64 MiB: answered while it is read, never held
        assertThat(raw("Transfer-Encoding: chunked\r\n", new byte[64 * 1024 * 1024], true)).startsWith("HTTP/1.1 413")
                .endsWith("\r\n\r\n{\"error\":\"body too large\"}");
        assertThat(counters().accepted()).isEqualTo(100);
        assertThat(postWithToken(line).statusCode()).as("still serving").isEqualTo(202);
        // as the shipped configuration shows them: the first of each second, with a count; no ERROR, no stack trace
        assertThat(log.shown().substring(before.length()).lines().filter(shown -> !shown.isBlank()).toList())
                .isNotEmpty().hasSizeLessThanOrEqualTo(3).allMatch(shown -> shown.matches(refused));
        assertThat(log.shown()).as("hostile bodies are no error of the agent").doesNotContainIgnoringCase("exception")
                .doesNotContain("0.0.0.0");
    }

    @Test
    void aClientHangingUpMidBodyIsOneLine() throws Exception {
        String before = log.all();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /ceip/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + token() + "\r\nContent-Type: " + NDJSON + "\r\nContent-Length: 30000\r\n\r\n{\"type\":")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }
        // the server's failure, at DEBUG only, says it has seen the hang-up
        await().atMost(Duration.ofSeconds(20)).until(() -> log.all().contains("HttpClosedException"));

        String shown = log.shown();
        assertThat(shown.lines().filter(line -> line.contains("broke off")).toList()).singleElement().asString()
                .matches("io\\.ceip\\.agent\\.events\\.EventIntake Events: HTTP intake: \\d+ request\\(s\\) broke off"
                        + " before their body was read since start: nothing counted, not answered");
        assertThat(shown).doesNotContainIgnoringCase("exception");
        assertThat(log.all().substring(before.length()).lines().filter(line -> line.contains("Exception")))
                .allMatch(line -> line.startsWith("io.ceip.agent.events.IntakeServerFailures Events: HTTP intake: the"
                        + " server's failure | io.vertx.core.http.HttpClosedException"));
        assertThat(postWithToken("{\"type\":\"feature\",\"name\":\"a\"}\n").statusCode()).as("still serving")
                .isEqualTo(202);
    }

    /** Sends a request with {@code framing} and {@code body} over a plain socket; answers the answer (head, body). */
    private String raw(String framing, byte[] body, boolean chunked) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /ceip/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token()
                    + "\r\nContent-Type: " + NDJSON + "\r\n" + framing + "\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < body.length; i += 8192) {
                    int length = Math.min(8192, body.length - i);
                    if (chunked) {
                        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(body, i, length);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                out.flush();
            } catch (IOException closedByTheServer) {
                // expected: the server answers and closes before the body ends
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                head.write(b);
                if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            String answer = head.toString(StandardCharsets.US_ASCII);
            int length = answer.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                    .mapToInt(line -> Integer.parseInt(line.substring(15).strip())).findFirst().orElse(0);
            return answer + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void garbageIsCountedAndSkipped() throws Exception {
        HttpResponse<String> garbage = postWithToken("garbage\n\u0000\u0001\n{\"type\":\"nope\"}\n[1,2]\n");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).isEqualTo("{\"error\":\"no line is an event\",\"accepted\":0,\"skipped\":4}");
        HttpResponse<String> empty = postWithToken("");
        assertThat(empty.statusCode()).isEqualTo(202);
        assertThat(empty.body()).isEqualTo("{\"accepted\":0,\"skipped\":0}");
        HttpResponse<String> mixed = postWithToken("{\"type\":\"feature\",\"name\":\"reports.export\"}\r\n"
                + "x".repeat(20000) + "\n\n{\"type\":\"feature\",\"name\":\"reports.export\",\"name\":\"twice\"}\n");
        assertThat(mixed.statusCode()).isEqualTo(202);
        assertThat(mixed.body()).isEqualTo("{\"accepted\":1,\"skipped\":2}");
        assertThat(counters().refusedLines()).isEqualTo(6);
        assertThat(log.all()).doesNotContain("xxxxxxxxxx");
    }

    @Test
    void otherMethodsAndPathsAreNotServed() throws Exception {
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/ceip/events")).header("Authorization", "Bearer " + token()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).isEqualTo("{\"error\":\"POST only\"}");
        for (String path : List.of("/observe/health", "/CEIP/events")) {
            HttpResponse<String> elsewhere = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(elsewhere.statusCode()).isEqualTo(404);
            assertThat(elsewhere.body()).as("a short JSON text, not Vert.x's HTML page").isEqualTo(
                    "{\"error\":\"not found\"}");
            assertThat(elsewhere.headers().firstValue("Content-Type")).hasValue("application/json");
        }
    }

    @Test
    void belowFullConsentEventsAreDiscardedUnread() throws Exception {
        assertThat(postWithToken(LINES).statusCode()).isEqualTo(202);
        management().setConsent("basic");
        HttpResponse<String> answer = postWithToken(LINES);
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"error\":\"consent is not full: events discarded unread\","
                + "\"accepted\":0}");
        assertThat(counters().accepted()).isEqualTo(7);
        assertThat(Files.exists(dataDirectory().resolve("events-aggregate.json.gz"))).as("what was kept is removed")
                .isFalse();
        assertThat(Files.readString(dataDirectory().resolve("consent-level"))).isEqualTo("basic\n");
        assertThat(log.all()).contains("Events: HTTP intake: 1 request(s) discarded unread (403) since start: consent"
                + " is basic, not full");
    }

    @Test
    void plantedValuesPostedNeverLeaveNorAreWritten() throws Exception {
        Map<String, String> values = PlantedSecrets.all();
        List<String> lines = List.of(EventsPlantedValuesNeverLeaveTest.lines().split("\n"));
        for (int from = 0; from < lines.size(); from += 80) {
            HttpResponse<String> answer = postWithToken(String.join("\n", lines.subList(from,
                    Math.min(lines.size(), from + 80))));
            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(values.values()).noneMatch(answer.body()::contains);
        }
        for (String value : values.values()) {
            String header = value.replaceAll("[^\\x21-\\x7e]", "x");
            HttpResponse<String> answer = post(LINES, "Authorization", "Bearer " + header, "Content-Type", header);
            assertThat(answer.statusCode()).isEqualTo(401);
            answer = post(LINES, "Authorization", "Bearer " + token(), "Content-Type", header);
            assertThat(answer.statusCode()).isIn(202, 415);
            assertThat(answer.body()).doesNotContain(header);
        }
        assertThat(counters().accepted()).isGreaterThanOrEqualTo(6L * values.size());

        Map<String, String> secrets = new HashMap<>(values);
        secrets.put("token", token());
        List<String> outputs = previewsAndCyclesThenBasic();
        outputs.removeIf(output -> output.startsWith(dataDirectory().resolve("events-token").toString()));
        assertThat(plantedValuesFound(secrets, outputs, log.all())).as("planted values found in what left or was"
                + " written").isEmpty();
        String full = server().received().stream().map(r -> r.json())
                .filter(b -> parse(b).get("consentLevel").asText().equals("full")).findFirst().orElseThrow();
        assertThat(parse(full).at("/features/events/dashboards.open").asLong()).isGreaterThanOrEqualTo(values.size());
    }

    @Test
    void nothingListensBeyondLoopback() throws Exception {
        assertNotReachableBeyondLoopback(port);
        assertThat(postWithToken(LINES).statusCode()).isEqualTo(202);
    }
}
