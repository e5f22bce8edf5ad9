package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS contexts the agent makes enable TLS 1.3 and 1.2 and nothing else, whatever the JVM supports (this JVM
 * supports older versions too), on the client's sockets (what Apache HttpClient uses) and engines, with or without
 * a trust store and pins.
 */
class TlsContextsEnableTls13And12OnlyTest {

    @TempDir
    Path dir;

    @Test
    void theClientEnablesTls13And12Only() throws Exception {
        TestCertificates ca = TestCertificates.ca("protocols CA");
        assertTls13And12Only(TlsContexts.client(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Set.of()));
        assertTls13And12Only(TlsContexts.client(Optional.of(ca.writePem(dir.resolve("ca.pem"))), Optional.empty(),
                Optional.empty(), Optional.empty(), Set.of(ca.pin())));
    }

    @Test
    void thisJvmSupportsOlderVersionsSoTheRestrictionIsTheAgents() throws Exception {
        assertThat(SSLContext.getDefault().getSupportedSSLParameters().getProtocols()).contains("TLSv1.1", "TLSv1");
    }

    private static void assertTls13And12Only(SSLContextParameters parameters) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            SSLContext context = parameters.createSSLContext(camel);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                assertThat(socket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            }
            assertThat(context.createSSLEngine().getEnabledProtocols())
                    .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            assertThat(context.getServerSocketFactory().createServerSocket()).satisfies(server -> {
                assertThat(((javax.net.ssl.SSLServerSocket) server).getEnabledProtocols())
                        .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
                server.close();
            });
        }
    }
}
