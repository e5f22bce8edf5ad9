package io.ceip.agent.ops;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.tls.TlsContexts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.rmi.ssl.SslRMIClientSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Remote JMX over TLS with a key store of the agent's own ({@code ceip.jmx.remote.key-store}, a self-signed
 * certificate made by the test): the start works although the JVM's trust store does not trust the certificate (the
 * connector is bound into its registry in-process, not through a TLS client of the agent's JVM); a client trusting
 * the certificate logs in; a plain client does not get in; a {@code readonly} user reading every readable attribute
 * of every MBean (the JVM's {@code java.lang:type=Runtime} arguments and system properties included) finds neither
 * the key store's password nor its setting's value.
 *
 * <p>The client side: {@link SslRMIClientSocketFactory}, which the stub carries, uses the JVM's default TLS context,
 * so the test makes one trusting the certificate the default while it runs (and no other test uses that factory).
 */
class RemoteJmxOverTlsTest extends AgentTestSupport {

    private static final String KEY_STORE_PASSWORD = "Jmx-KeyStore-Pw-7788";
    private static final TestCertificates CERTIFICATE = TestCertificates.localhost();
    private static SSLContext jvmDefault;

    private int jmxPort;

    @BeforeAll
    static void clientsTrustTheCertificate() throws Exception {
        jvmDefault = SSLContext.getDefault();
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TlsContexts.loadTrustStore(CERTIFICATE.writePem(newTempDirectory().resolve("jmx.pem")),
                Optional.empty()));
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        SSLContext.setDefault(client);
    }

    @AfterAll
    static void restoreTheJvmDefault() {
        SSLContext.setDefault(jvmDefault);
    }

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        jmxPort = FreePort.next();
        Path keyStore = CERTIFICATE.writePkcs12(newTempDirectory().resolve("jmx.p12"), KEY_STORE_PASSWORD);
        Properties settings = remoteJmx(jmxPort, "operator 0perator-pass\nviewer v1ewer-pass\n",
                "operator readwrite\nviewer readonly\n");
        settings.putAll(with("ceip.jmx.remote.ssl", "true", "ceip.jmx.remote.key-store", keyStore.toString(),
                "ceip.jmx.remote.key-store-password", KEY_STORE_PASSWORD));
        return settings;
    }

    @Test
    void aClientTrustingTheCertificateLogsInOverTls() throws Exception {
        try (JMXConnector connector = connect("operator", "0perator-pass")) {
            assertThat(connector.getMBeanServerConnection().getAttribute(new ObjectName(AgentManagement.OBJECT_NAME),
                    "ConsentLevel")).isEqualTo("basic");
        }
    }

    @Test
    void aPlainClientDoesNotGetIn() {
        assertThatThrownBy(() -> connectJmx(jmxPort, "operator", "0perator-pass")).isInstanceOf(IOException.class);
    }

    @Test
    void theServerSpeaksTls13Or12Only() throws Exception {
        for (String protocol : List.of("TLSv1.1", "TLSv1")) {
            SSLContext old = SSLContext.getInstance(protocol);
            old.init(null, null, null);
            try (Socket socket = old.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), jmxPort)) {
                javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) socket;
                tls.setEnabledProtocols(new String[] { protocol });
                assertThatThrownBy(tls::startHandshake).as(protocol).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void theServerTakesOnlyForwardSecretAeadSuitesOfTls12() throws Exception {
        for (String suite : List.of("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256")) {
            assertThatThrownBy(() -> handshakeOffering(suite)).as(suite).isInstanceOf(IOException.class);
        }
        assertThat(handshakeOffering("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
                .matches("TLS_ECDHE_(ECDSA|RSA)_WITH_AES_128_GCM_SHA256");
    }

    /** A TLS 1.2 handshake with the JMX port (the client trusting the certificate) offering {@code suites} alone. */
    private String handshakeOffering(String... suites) throws IOException {
        try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) javax.net.ssl.SSLSocketFactory.getDefault()
                .createSocket(InetAddress.getLoopbackAddress(), jmxPort)) {
            tls.setEnabledProtocols(new String[] { "TLSv1.2" });
            tls.setEnabledCipherSuites(suites);
            tls.startHandshake();
            return tls.getSession().getCipherSuite();
        }
    }

    @Test
    void aReadonlyUserReadsNoPasswordInAnyAttribute() throws Exception {
        List<String> leaks = new ArrayList<>();
        int read = 0;
        try (JMXConnector connector = connect("viewer", "v1ewer-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            for (ObjectName name : jmx.queryNames(null, null)) {
                for (MBeanAttributeInfo attribute : jmx.getMBeanInfo(name).getAttributes()) {
                    if (!attribute.isReadable()) {
                        continue;
                    }
                    String value;
                    try {
                        Object content = jmx.getAttribute(name, attribute.getName());
                        value = content instanceof Object[] array ? java.util.Arrays.deepToString(array)
                                : String.valueOf(content);
                    } catch (Exception unreadable) {
                        continue; // an attribute the platform does not support here: nothing read
                    }
                    read++;
                    if (value.contains(KEY_STORE_PASSWORD) || value.contains("0perator-pass")
                            || value.contains("v1ewer-pass")) {
                        leaks.add(name + " " + attribute.getName());
                    }
                }
            }
        }
        assertThat(read).as("attributes read").isGreaterThan(300);
        assertThat(leaks).as("attributes showing a password").isEmpty();
    }

    private JMXConnector connect(String user, String password) throws IOException {
        return connectJmx("127.0.0.1", jmxPort, user, password, Map.of("com.sun.jndi.rmi.factory.socket",
                new SslRMIClientSocketFactory()));
    }
}
