package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The events' HTTP intake serves one request at a time per connection: requests pipelined behind an unanswered one
 * (which Vert.x would queue without a limit, before any token check) are dropped unread, the answer in progress goes
 * out, then the connection is closed, with one line. Plain sockets on 127.0.0.1.
 */
class EventsHttpIntakeOneRequestAtATimeTest extends AgentTestSupport {

    private static final String EVENT = "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n";

    private final LogCapture log = LogCapture.attach();
    // made in overrides(): CamelTestSupport asks for the properties from its constructor, before field initialisers
    private int port;

    @Override
    protected Properties overrides() {
        port = FreePort.next();
        return with("ceip.consent.default", "full", "ceip.events.http.enabled", "true",
                "ceip.events.http.port", Integer.toString(port));
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    private byte[] request(String token) {
        return ("POST /ceip/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\nContent-Type:"
                + " application/x-ndjson\r\nContent-Length: " + EVENT.length() + "\r\n\r\n" + EVENT)
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void threePipelinedRequestsGetOneAnswerThenTheConnectionIsClosed() throws Exception {
        byte[] one = request(Files.readString(dataDirectory().resolve("events-token")).strip());
        String answers;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(concat(one, one, one));
            socket.getOutputStream().flush();
            answers = readAll(socket.getInputStream());
        }

        assertThat(answers).startsWith("HTTP/1.1 202").containsOnlyOnce("HTTP/1.1");
        EventSpool counters = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        assertThat(counters.accepted()).as("the first request's event only").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.shown().contains("closing a connection"));
        assertThat(log.shown().lines().filter(line -> line.contains("closing a connection")).toList()).containsExactly(
                "io.ceip.agent.events.IntakeOneRequestAtATime Events: HTTP intake: closing a connection that sent a"
                        + " request before its previous one was answered (pipelining: one request at a time)");
    }

    @Test
    void aClientWritingWithoutATokenAndWithoutReadingIsClosedNotQueued() throws Exception {
        byte[] one = request("not-the-token");
        String answers;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                for (int i = 0; i < 20_000; i++) {
                    out.write(one);
                }
            } catch (SocketException closedByTheAgent) {
                // expected: the agent stopped reading and closed the connection
            }
            answers = readAll(socket.getInputStream());
        }

        assertThat(answers).startsWith("HTTP/1.1 401").containsOnlyOnce("HTTP/1.1");
        assertThat(log.shown()).doesNotContainIgnoringCase("exception");
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.write(part);
        }
        return all.toByteArray();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (SocketException reset) {
            // closed by the agent
        }
        return all.toString(StandardCharsets.US_ASCII);
    }
}
