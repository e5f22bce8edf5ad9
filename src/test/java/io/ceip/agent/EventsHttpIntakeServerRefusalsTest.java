package io.ceip.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the events' HTTP server refuses itself, from a hostile local process: a flood of requests it cannot read (no
 * {@code Host}, which needs no token) is one line a second, not one per request (11,121 requests made 11,121 warnings
 * in 3 s); a bad chunk is the client's 400, not the agent's 503; a body over the limit is answered 413 and its
 * connection closed (the whole announced body was read: 2 GiB); a body trickling in is answered 408 after
 * {@code ceip.events.http.body-timeout-seconds} (here 1 s) and frees its place. Body limit here: 64 KiB.
 */
class EventsHttpIntakeServerRefusalsTest extends AgentTestSupport {

    private static final String NDJSON = "application/x-ndjson";

    private final LogCapture log = LogCapture.attach();
    private int port;

    @Override
    protected Properties overrides() {
        port = FreePort.next();
        return with("ceip.consent.default", "full", "ceip.events.http.enabled", "true",
                "ceip.events.http.port", Integer.toString(port), "ceip.events.http.max-body-bytes", "65536",
                "ceip.events.http.body-timeout-seconds", "1");
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void aFloodOfUnreadableRequestsIsOneLineASecond() throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            assertThat(exchange("POST /ceip/events HTTP/1.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))
                    .as("request %d", i)
                    .startsWith("HTTP/1.1 400 ").endsWith("{\"error\":\"body cannot be read\"}");
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        List<String> lines = log.all().lines().filter(line -> line.contains("that cannot be read")).toList();
        assertThat(lines).as("the first, then the first of each second").isNotEmpty()
                .hasSizeLessThanOrEqualTo((int) seconds + 2);
        assertThat(lines.get(0)).contains("Events: HTTP intake: 1 request(s) that cannot be read since start (the"
                + " last: VertxException, answered 400)");
    }

    /** A header the check and the route would read as different values: 400 before the body. */
    @Test
    void aRepeatedAuthorizationOrContentTypeIs400() throws Exception {
        String token = Files.readString(dataDirectory().resolve("events-token")).strip();
        for (String twice : List.of("Authorization: Bearer " + token + "\r\nAuthorization: Bearer other",
                "Authorization: Bearer " + token + "\r\nContent-Type: text/plain")) {
            assertThat(exchange("POST /ceip/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + NDJSON + "\r\n"
                    + twice + "\r\nContent-Length: 30\r\n\r\n{\"type\":\"feature\",\"name\":\"x\"}\n"))
                    .startsWith("HTTP/1.1 400 ")
                    .endsWith("{\"error\":\"Authorization, Content-Type and Content-Encoding may each be sent once\"}");
        }
        assertThat(context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class).accepted()).isZero();
    }

    /** Vert.x closes a connection whose chunks it cannot parse, often before the answer is out: if one is, a 400. */
    @Test
    void aBadChunkIsTheClientsFourHundred() throws Exception {
        String answer = exchange(head("Transfer-Encoding: chunked") + "zz\r\n{}\r\n0\r\n\r\n");

        assertThat(log.all()).contains("Events: HTTP intake: 1 request(s) that cannot be read since start (the last:"
                + " NumberFormatException, answered 400)").doesNotContain("answered 503");
        if (!answer.isEmpty()) {
            assertThat(answer).startsWith("HTTP/1.1 400 ").endsWith("{\"error\":\"body cannot be read\"}");
        }
    }

    @Test
    void aBodyOverTheLimitIsAnsweredAndItsConnectionClosed() throws Exception {
        long written = 0;
        String answer;
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("Content-Length: 1073741824").getBytes(StandardCharsets.US_ASCII));
            try {
                while (written < 64L << 20) {
                    out.write(new byte[8192]);
                    written += 8192;
                }
            } catch (IOException closedByTheAgent) {
                // what the test expects
            }
            answer = readAll(socket.getInputStream());
        }
        assertThat(written).as("bytes written before the agent closed the connection").isLessThan(64L << 20);
        assertThat(answer).startsWith("HTTP/1.1 413 ").endsWith("{\"error\":\"body too large\"}");
    }

    @Test
    void aBodyTricklingInIsAnswered408AndFreesItsPlace() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write((head("Content-Length: 1000") + "{\"type\"")
                    .getBytes(StandardCharsets.US_ASCII));

            assertThat(readAll(socket.getInputStream())).as("answered after the body timeout, then closed")
                    .startsWith("HTTP/1.1 408 ").endsWith("{\"error\":\"body too slow\"}");
        }
        assertThat(log.all()).contains("Events: HTTP intake: 1 request(s) whose body took more than 1 s refused"
                + " (408) since start");
        assertThat(exchange(head("Content-Length: 30") + "{\"type\":\"feature\",\"name\":\"x\"}\n"))
                .startsWith("HTTP/1.1 202 ");
        assertThat(context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class).accepted())
                .isEqualTo(1);
    }

    private String head(String framing) throws IOException {
        return "POST /ceip/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + Files.readString(dataDirectory().resolve("events-token")).strip() + "\r\nContent-Type: " + NDJSON
                + "\r\nConnection: close\r\n" + framing + "\r\n\r\n";
    }

    /** Sends {@code request} on a new connection and reads until the agent closes it. */
    private String exchange(String request) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return readAll(socket.getInputStream());
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
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
}
