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

    /**
     * Of the JDK's enabled suites the client offers TLS 1.3's and TLS 1.2's ECDHE AEAD ones only: no static RSA key
     * exchange, CBC or finite-field DHE, which this JVM enables by default.
     */
    @Test
    void theClientOffersForwardSecretAeadSuitesOnly() throws Exception {
        assertThat(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites()).as("this JVM's defaults")
                .contains("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            SSLContext context = TlsContexts.client(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Set.of()).createSSLContext(camel);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                assertThat(socket.getEnabledCipherSuites()).contains("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                        "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")
                        .allMatch(suite -> suite.matches("TLS_(AES|CHACHA20)_.*|TLS_ECDHE_(ECDSA|RSA)_WITH_.*_(GCM|POLY1305)_.*"));
            }
        }
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
