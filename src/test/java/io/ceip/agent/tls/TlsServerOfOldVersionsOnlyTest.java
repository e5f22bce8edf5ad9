package io.ceip.agent.tls;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint that speaks only TLS 1.1 or older (it answers the agent's hello with the protocol_version alert, as
 * such a server does) is refused, and the line says the server offers neither of the agent's two versions: it said
 * only "handshake failed (SSLHandshakeException)".
 */
class TlsServerOfOldVersionsOnlyTest extends TlsScenarioSupport {

    /** A TLS 1.1 record: alert, fatal, protocol_version (70). */
    private static final byte[] PROTOCOL_VERSION_ALERT = {0x15, 0x03, 0x02, 0x00, 0x02, 0x02, 0x46};

    private ServerSocket oldServer;

    @Override
    protected Properties overrides() {
        try {
            oldServer = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread answers = new Thread(() -> {
            while (!oldServer.isClosed()) {
                try (Socket client = oldServer.accept()) {
                    DataInputStream in = new DataInputStream(client.getInputStream());
                    byte[] header = new byte[5];
                    in.readFully(header);
                    in.readFully(new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)]); // the hello
                    client.getOutputStream().write(PROTOCOL_VERSION_ALERT);
                    client.getOutputStream().flush();
                } catch (IOException closed) {
                    // the test ends, or the client went away
                }
            }
        }, "tls-1.1-server");
        answers.setDaemon(true);
        answers.start();
        return with("ceip.endpoint.url", "https://localhost:" + oldServer.getLocalPort() + "/v1/reports");
    }

    @AfterEach
    void stopOldServer() throws IOException {
        oldServer.close();
    }

    @Test
    void aServerOfferingNoTls12Or13IsSaidToBeSo() {
        runReportCycle();

        assertThat(deadLetters().pending()).singleElement().satisfies(entry -> assertThat(entry.attempts())
                .isEqualTo(1));
        assertThat(log.all()).contains("TLS refused: the server offers neither TLS 1.3 nor TLS 1.2 (the only versions"
                + " the agent speaks)");
    }
}
