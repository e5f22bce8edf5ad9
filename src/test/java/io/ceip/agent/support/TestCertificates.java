package io.ceip.agent.support;

import io.ceip.agent.tls.SelfSignedCertificate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A key and self-signed certificate for {@code localhost}, made for one test run. */
public final class TestCertificates {

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private TestCertificates(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    public static TestCertificates localhost() {
        try {
            KeyPair keyPair = SelfSignedCertificate.newKeyPair();
            return new TestCertificates(keyPair, SelfSignedCertificate.selfSign(keyPair, "localhost", Duration.ofDays(1)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server-side TLS context presenting this certificate. */
    public SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keyPair.getPrivate(), "changeit".toCharArray(), new Certificate[] { certificate });
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "changeit".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate as PEM (the agent's trust store in the tests) and returns the file. */
    public Path writePem(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, SelfSignedCertificate.pem(certificate), StandardCharsets.US_ASCII);
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
