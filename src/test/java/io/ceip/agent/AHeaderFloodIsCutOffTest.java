package io.ceip.agent;

import io.ceip.agent.delivery.BoundedHttpComponent;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A collector answering with a flood of header lines (plain HTTP, the test-only setting, so that a raw socket can
 * answer): the agent reads at most {@value BoundedHttpComponent#MAX_HEADERS} header fields of at most
 * {@value BoundedHttpComponent#MAX_LINE_BYTES} bytes, closes the connection and keeps the report for a retry; it
 * does not take the flood into its heap until the request's deadline.
 */
class AHeaderFloodIsCutOffTest extends AgentTestSupport {

    /** The most the flooding server writes (it stops by itself). */
    private static final long CAP = 64L * 1024 * 1024;

    private Flood flood;

    private Flood flood() {
        if (flood == null) {
            flood = new Flood();
        }
        return flood;
    }

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.allow-plain-http", "true",
                "ceip.endpoint.url", "http://localhost:" + flood().port() + "/v1/reports",
                "ceip.endpoint.response-timeout", "5000",
                "ceip.endpoint.request-timeout", "20000",
                "ceip.retry.max-redeliveries", "0");
    }

    @AfterEach
    void stopFlood() throws IOException {
        flood().server.close();
    }

    @Test
    void aFloodOfHeaderLinesFailsTheAttemptAndTheReportIsKept() {
        runReportCycle();

        assertThat(flood().written.get()).as("bytes of header lines the socket took before the agent closed the"
                + " connection (the server stops by itself at 64 MiB)").isLessThan(8L * 1024 * 1024);
        assertThat(deadLetters().pending()).singleElement().extracting(DeadLetter::state)
                .isEqualTo(DeadLetter.PENDING);
    }

    /** A header line of the bound's length, its line end included, is read; one byte more fails the attempt. */
    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1"})
    void aHeaderLineIsReadUpToTheBound(int bytesOver, int keptForRetry) {
        flood().lineBytes = BoundedHttpComponent.MAX_LINE_BYTES + bytesOver;
        flood().lines = 1;

        runReportCycle();

        assertThat(deadLetters().pending()).hasSize(keptForRetry);
    }

    /** Answers every request with 200 and then header lines until the client stops reading, or {@link #CAP}. */
    private static final class Flood {
        final ServerSocket server;
        final AtomicLong written = new AtomicLong();
        /** Each header line's length, its line end included. */
        volatile int lineBytes = 1024;
        volatile long lines = CAP / 1024;

        Flood() {
            try {
                server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread thread = new Thread(this::serve, "flood");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    in.read(new byte[65536]); // the request line and headers (and maybe the body): enough to answer
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] line = ("X-Flood: " + "a".repeat(lineBytes - 11) + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    try {
                        for (long i = 0; i < lines; i++) {
                            out.write(line);
                            written.addAndGet(line.length);
                        }
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        in.read(new byte[1]); // until the client closes the connection
                    } catch (IOException cut) {
                        // the client closed the connection
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }
    }
}
