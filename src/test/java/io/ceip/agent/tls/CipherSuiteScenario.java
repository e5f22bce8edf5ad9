package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint on loopback (the JDK's TLS server socket, with an RSA certificate of the test CA) that offers only the
 * TLS 1.2 cipher suites a scenario names: it answers a hello it shares no suite with by the {@code handshake_failure}
 * alert, as a server does (the JDK's {@code HttpsServer} closes without it), and closes every connection once its
 * handshake is done, counting it.
 */
abstract class CipherSuiteScenario extends TlsScenarioSupport {

    static final TestCertificates RSA_LOCALHOST = CA.issueRsaServer("localhost");

    /** What the agent's line says when the server shares no suite with it. */
    static final String NO_SHARED_SUITE = "the server shares no cipher suite with the agent (TLS 1.3, or TLS 1.2 with"
            + " ECDHE and AES-GCM or ChaCha20-Poly1305) or no other handshake parameter (handshake_failure)";

    private SSLServerSocket offering;
    /** Handshakes the server completed. */
    final AtomicInteger handshakes = new AtomicInteger();

    /** The only suites the server offers. */
    abstract String[] suites();

    @Override
    protected Properties overrides() {
        try {
            offering = (SSLServerSocket) RSA_LOCALHOST.serverContext().getServerSocketFactory().createServerSocket(0, 8,
                    InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        offering.setEnabledProtocols(new String[] { "TLSv1.2" });
        offering.setEnabledCipherSuites(suites());
        Thread answers = new Thread(() -> {
            while (!offering.isClosed()) {
                try (Socket client = offering.accept()) {
                    ((SSLSocket) client).startHandshake();
                    handshakes.incrementAndGet();
                } catch (IOException refusedOrClosed) {
                    // the handshake failed (the alert is sent), or the test ends
                }
            }
        }, "tls-suites-server");
        answers.setDaemon(true);
        answers.start();
        return with("ceip.endpoint.url", "https://localhost:" + offering.getLocalPort() + "/v1/reports");
    }

    @AfterEach
    void stopOffering() throws IOException {
        offering.close();
    }

    /** No handshake was made, the report is kept pending after one attempt, and the line says why. */
    void assertRefusedForItsSuites() {
        runReportCycle();

        assertThat(handshakes).as("handshakes the server completed").hasValue(0);
        assertThat(deadLetters().pending()).singleElement().satisfies(entry -> {
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.lastStatus()).startsWith("SSL");
        });
        assertThat(log.all()).contains("TLS refused: " + NO_SHARED_SUITE);
    }
}
