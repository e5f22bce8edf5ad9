package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server may send its chain out of order (root before intermediate) and with its root: the pin is checked on the
 * path PKIX builds from the server's certificate, so the order sent neither hides a pinned key of that path nor lets
 * a pinned certificate sent beside it count.
 */
class PinningTrustManagerOnAnUnorderedChainTest {

    private static final TestCertificates ROOT = TestCertificates.ca("ceip order root");
    private static final TestCertificates INTERMEDIATE = ROOT.issueIntermediate("ceip order intermediate");
    private static final TestCertificates LEAF = INTERMEDIATE.issueServer("localhost");
    private static final TestCertificates OTHER = TestCertificates.ca("ceip order other");

    @TempDir
    Path dir;

    @Test
    void aPinnedIntermediateOrRootIsFoundWhateverTheOrderSent() throws Exception {
        X509Certificate[] unordered = { cert(LEAF), cert(ROOT), cert(INTERMEDIATE) };

        assertThatCode(() -> manager(INTERMEDIATE.pin()).checkServerTrusted(unordered.clone(), "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
        assertThatCode(() -> manager(ROOT.pin()).checkServerTrusted(unordered.clone(), "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
        assertThatCode(() -> manager(LEAF.pin()).checkServerTrusted(unordered.clone(), "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
    }

    @Test
    void aPinnedCertificateSentFirstButNotTheServersDoesNotCount() throws Exception {
        X509Certificate[] withAStranger = { cert(LEAF), cert(OTHER), cert(INTERMEDIATE) };

        assertThatThrownBy(() -> manager(OTHER.pin()).checkServerTrusted(withAStranger, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("certificate pin mismatch");
    }

    /** The JDK's PKIX trust manager trusting {@link #ROOT}, under the pin. */
    private PinningTrustManager manager(String pin) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("root", cert(ROOT));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return new PinningTrustManager((X509ExtendedTrustManager) factory.getTrustManagers()[0], Set.of(pin));
    }

    private X509Certificate cert(TestCertificates certificates) throws Exception {
        Path pem = certificates.writePem(Files.createTempFile(dir, "cert", ".pem"));
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
