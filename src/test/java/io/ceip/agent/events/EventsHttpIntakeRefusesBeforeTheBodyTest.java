package io.ceip.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loopback events intake refuses on the headers, before Camel's body handler holds a body: a request without
 * the token gets its 401 and no {@code 100 Continue}, however many there are, and the connection is closed after it;
 * at most {@value IntakeBeforeTheBody#MAX_IN_PROGRESS} requests are read at once, the next answered 503 before
 * its body. Body limit here: 64 KiB.
 */
class EventsHttpIntakeRefusesBeforeTheBodyTest extends AgentTestSupport {

    private static final String NDJSON = "application/x-ndjson";

    private final LogCapture log = LogCapture.attach();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    @Override
    protected Properties overrides() {
        port = FreePort.next();
        return with("ceip.consent.default", "full", "ceip.events.http.enabled", "true",
                "ceip.events.http.port", Integer.toString(port), "ceip.events.http.max-body-bytes", "65536");
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    private String token() throws IOException {
        return Files.readString(dataDirectory().resolve("events-token")).strip();
    }

    private HttpResponse<String> post(byte[] body, String authorization) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ceip/events"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", NDJSON).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] head(String authorization, String more) {
        return ("POST /ceip/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + NDJSON + "\r\nAuthorization: "
                + authorization + "\r\n" + more + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (java.net.SocketException reset) {
            // closed by the agent
        }
        return all.toString(StandardCharsets.US_ASCII);
    }

    private EventSpool counters() {
        return context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
    }

    @Test
    void aClientWaitingForContinueWithoutTheTokenGetsTheRefusalAndNoContinue() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(head("Bearer not-the-token", "Expect: 100-continue\r\nContent-Length: 60000"));

            assertThat(readAll(socket.getInputStream())).as("answered and closed before the socket's 10 s timeout")
                    .startsWith("HTTP/1.1 401 ").doesNotContain("100 Continue").endsWith("{\"error\":\"unauthorized\"}");
        }
    }

    /** One that sends its body anyway once it has the refusal is not reset: the body dropped, a clean end. */
    @Test
    void aClientWaitingForContinueThatSendsItsBodyAnywayIsNotReset() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(head("Bearer not-the-token",
                    "Expect: 100-continue\r\nContent-Length: 60000"));
            StringBuilder refusal = new StringBuilder();
            while (!refusal.toString().endsWith("{\"error\":\"unauthorized\"}")) {
                int read = socket.getInputStream().read();
                assertThat(read).as("the refusal, whole, before the connection ends: %s", refusal).isNotNegative();
                refusal.append((char) read);
            }
            assertThat(refusal).startsWith("HTTP/1.1 401 ");

            for (int chunk = 0; chunk < 10; chunk++) {
                socket.getOutputStream().write(new byte[6_000]);
            }

            assertThat(socket.getInputStream().read()).as("a clean end of the connection, not a reset").isEqualTo(-1);
        }
    }

    @Test
    void requestsWithoutTheTokenAreAnsweredWhateverTheirBodies() throws Exception {
        byte[] body = new byte[60_000];
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> answer = post(body, "Bearer not-the-token-" + i);
            assertThat(answer.statusCode()).as("request %d", i).isEqualTo(401);
            assertThat(answer.body()).isEqualTo("{\"error\":\"unauthorized\"}");
        }
        assertThat(counters().accepted()).isZero();
        assertThat(log.all()).contains("Events: HTTP intake: 1 request(s) with no token or a wrong one refused (401)"
                + " since start: send Authorization: Bearer and the token in ceip.events.http.token-file");
    }

    @Test
    void requestsPastTheBoundAreAnswered503BeforeTheirBodies() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < IntakeBeforeTheBody.MAX_IN_PROGRESS; i++) {
                Socket socket = connect();
                socket.getOutputStream().write(head("Bearer " + token(), "Content-Length: 1000"));
                socket.getOutputStream().write("{\"type\"".getBytes(StandardCharsets.US_ASCII));
                held.add(socket);
            }
            // the held requests are in progress once their headers were read: the next one finds the bound reached
            await().atMost(Duration.ofSeconds(20)).until(() -> post(new byte[0], "Bearer " + token()).statusCode()
                    == 503);
            HttpResponse<String> busy = post("{}\n".getBytes(StandardCharsets.US_ASCII), "Bearer " + token());
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.body()).isEqualTo("{\"error\":\"busy, send again later\"}");
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> post(("{\"type\":\"feature\",\"name\":\"x\"}\n")
                .getBytes(StandardCharsets.US_ASCII), "Bearer " + token()).statusCode() == 202);
        assertThat(log.all()).contains("Events: HTTP intake: 1 request(s) refused (503) since start: 4 in progress"
                + " already");
    }
}
