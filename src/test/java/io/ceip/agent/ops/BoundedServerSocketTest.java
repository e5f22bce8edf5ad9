package io.ceip.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.tls.ServerKeyStore;
import io.ceip.agent.tls.TlsContexts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote JMX's server socket holds a bounded number of connections: one past them is closed as it is accepted, and a
 * place comes free when an admitted connection is closed (as RMI closes it); with TLS, an admitted connection is TLS,
 * the server's side.
 */
class BoundedServerSocketTest {

    @TempDir
    Path dir;

    @Test
    void aConnectionPastTheBoundIsClosedAndAPlaceComesFreeOnClose() throws Exception {
        BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        List<Socket> open = new ArrayList<>();
        try (BoundedServerSocket server = new BoundedServerSocket(0, InetAddress.getLoopbackAddress(), 2, null)) {
            acceptInto(server, accepted);
            for (int i = 0; i < 2; i++) {
                open.add(connect(server.getLocalPort()));
                Socket admitted = accepted.poll(10, TimeUnit.SECONDS);
                assertThat(admitted).as("admitted %d", i).isNotNull();
                open.add(admitted);
            }

            try (Socket third = connect(server.getLocalPort())) {
                assertThat(third.getInputStream().read()).as("closed as it opened").isEqualTo(-1);
            }
            assertThat(accepted).as("not handed on").isEmpty();

            open.get(1).close();
            open.add(connect(server.getLocalPort()));
            assertThat(accepted.poll(10, TimeUnit.SECONDS)).as("admitted once a place came free").isNotNull();
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    /** RMI's two hours of silence per connection (its read timeout) are capped at a minute. */
    @Test
    void aConnectionMayStaySilentAMinuteAtMost() throws Exception {
        BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        try (BoundedServerSocket server = new BoundedServerSocket(0, InetAddress.getLoopbackAddress(), 1, null);
                Socket client = connect(server.getLocalPort())) {
            acceptInto(server, accepted);
            Socket admitted = accepted.poll(10, TimeUnit.SECONDS);
            assertThat(admitted).isNotNull();

            admitted.setSoTimeout(7_200_000);
            assertThat(admitted.getSoTimeout()).isEqualTo(60_000);
            admitted.setSoTimeout(0);
            assertThat(admitted.getSoTimeout()).as("no timeout is no longer possible").isEqualTo(60_000);
            admitted.setSoTimeout(5_000);
            assertThat(admitted.getSoTimeout()).isEqualTo(5_000);
            admitted.close();
        }
    }

    @Test
    void withTlsAnAdmittedConnectionIsTheServersSide() throws Exception {
        TestCertificates certificate = TestCertificates.localhost();
        BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        ServerKeyStore keyStore = ServerKeyStore.open("ceip.jmx.remote.key-store",
                "ceip.jmx.remote.key-store-password", certificate.writePkcs12(dir.resolve("server.p12"), "server-pw"),
                "server-pw");
        try (BoundedServerSocket server = new BoundedServerSocket(0, InetAddress.getLoopbackAddress(), 1, keyStore)) {
            acceptInto(server, accepted);
            try (SSLSocket client = (SSLSocket) trusting(certificate).getSocketFactory().createSocket(
                    InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.setSoTimeout(10_000);
                Socket admitted = accepted.poll(10, TimeUnit.SECONDS);
                assertThat(admitted).isInstanceOf(SSLSocket.class);
                assertThat(((SSLSocket) admitted).getUseClientMode()).isFalse();

                admitted.setSoTimeout(10_000);
                CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(admitted.getInputStream().readNBytes(4), StandardCharsets.US_ASCII);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                assertThat(read.get(10, TimeUnit.SECONDS)).as("read after the TLS handshake").isEqualTo("ping");
                client.close();
                admitted.close();

                try (Socket next = connect(server.getLocalPort())) {
                    assertThat(accepted.poll(10, TimeUnit.SECONDS)).as("the TLS close freed the place").isNotNull();
                }
            }
        }
    }

    private SSLContext trusting(TestCertificates certificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TlsContexts.loadTrustStore(certificate.writePem(dir.resolve("server.pem")), Optional.empty()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void acceptInto(BoundedServerSocket server, BlockingQueue<Socket> accepted) {
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(server.accept());
                }
            } catch (IOException closed) {
                // the server socket was closed: the test is over
            }
        }, "test-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }
}
