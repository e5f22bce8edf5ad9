package io.ceip.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.agent.events.EventIntake;
import io.ceip.agent.events.IntakeServer;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.io.IOException;
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
 * The events' HTTP server bounds what a local process can hold: at most
 * {@value IntakeServer#MAX_CONNECTIONS} connections open at once (a new one past them is closed as it opens, one
 * warning), and a connection that sends nothing is closed after the idle time. Camel's embedded server, used before,
 * kept every connection open for ever (2,000 idle ones past a minute): any local process could take the agent's file
 * descriptors.
 */
class EventsHttpIntakeBoundsConnectionsTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
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

    @Test
    void aConnectionPastTheBoundIsClosedAsItOpens() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < IntakeServer.MAX_CONNECTIONS; i++) {
                held.add(connect(port));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (Socket next = connect(port)) {
                    return next.getInputStream().read() == -1;
                }
            });
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        assertThat(log.all()).contains("Events: HTTP intake: 1 connection(s) closed as they opened since start: "
                + IntakeServer.MAX_CONNECTIONS + " open already");

        HttpClient client = HttpClient.newHttpClient();
        String token = Files.readString(dataDirectory().resolve("events-token")).strip();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/ceip/events")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"feature\",\"name\":\"x\"}\n")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode() == 202);
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTime() throws Exception {
        int other = FreePort.next();
        IntakeServer server = standalone(other, new IntakeServer.Limits(65_536, 30, 30, 1));
        server.start();
        try (Socket idle = connect(other)) {
            long opened = System.nanoTime();

            assertThat(idle.getInputStream().read()).as("closed by the server").isEqualTo(-1);

            assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("after the idle time, not at once")
                    .isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        } finally {
            server.stop();
        }
    }

    /** A head trickling in (a byte every 300 ms: the idle timeout never fires) is closed after the header time. */
    @Test
    void aRequestHeadTricklingInIsClosedAfterTheHeaderTime() throws Exception {
        int other = FreePort.next();
        IntakeServer server = standalone(other, new IntakeServer.Limits(65_536, 30, 1, 30));
        server.start();
        byte[] head = "POST /ceip/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        long opened = System.nanoTime();
        int sent = 0;
        try (Socket slow = connect(other)) {
            try {
                while (Duration.ofNanos(System.nanoTime() - opened).toSeconds() < 10) {
                    slow.getOutputStream().write(head[sent % head.length]);
                    sent++;
                    slow.setSoTimeout(300);
                    try {
                        if (slow.getInputStream().read() == -1) {
                            break;
                        }
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        // a byte more
                    }
                }
            } catch (IOException closedByTheServer) {
                // closed while writing
            }
        } finally {
            server.stop();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("closed after the header time, not the test's 10 s")
                .isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    /** A server on {@code port}, with the agent's intake and {@code limits} (no route: nothing is served). */
    private IntakeServer standalone(int port, IntakeServer.Limits limits) {
        return new IntakeServer(port,
                context.getRegistry().lookupByNameAndType("eventIntake", EventIntake.class), limits);
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }
}
