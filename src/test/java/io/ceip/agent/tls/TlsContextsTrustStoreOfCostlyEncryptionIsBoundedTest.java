package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.AuthenticatedSafe;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A PKCS12 trust store (or the remote JMX key store) is opened within {@value StoreOpening#MAX_SECONDS} s, as the
 * client key store is: a PKCS12 file may hold any number of encrypted parts, each with its own PBE iteration count
 * (the JDK allows up to 5,000,000 each), and the JDK derives the key again for every part (about 3 s each on a
 * loaded test machine; a 4 MiB file holds thousands). 30 parts at 5,000,000 iterations (one derivation for whoever
 * writes the file, one a part for whoever opens it) held the start past a minute with no line at all: now one line
 * naming the setting and the file.
 */
class TlsContextsTrustStoreOfCostlyEncryptionIsBoundedTest {

    private static final int PARTS = 30;
    private static final int ITERATIONS = 5_000_000;
    private static final String PASSWORD = "trust-store-secret";
    private static final String CERT_ITERATIONS = "keystore.pkcs12.certPbeIterationCount";
    private static final String MAC = "keystore.pkcs12.macAlgorithm";

    @TempDir
    Path directory;

    @Test
    void aTrustStoreOfManyCostlyPartsIsRefusedWithinTheBoundInOneLine() throws Exception {
        Path file = costlyStore("trust.p12", TestCertificates.ca("ceip costly CA"));

        long started = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(StoreOpening.MAX_SECONDS * 3), () ->
                assertThatThrownBy(() -> TlsContexts.loadTrustStore(file, Optional.of(PASSWORD)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("ceip.endpoint.trust-store " + file + " takes more than "
                                + StoreOpening.MAX_SECONDS + " s to open (its PBE iteration counts are too high):"
                                + " export it again with the JDK's defaults")
                        .hasMessageNotContaining(PASSWORD));
        System.out.printf("A trust store of %d parts at %d iterations refused after %d ms%n", PARTS, ITERATIONS,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void aRemoteJmxKeyStoreOfManyCostlyPartsIsRefusedWithinTheBoundInOneLine() throws Exception {
        Path file = costlyStore("jmx.p12", TestCertificates.localhost());

        assertTimeoutPreemptively(Duration.ofSeconds(StoreOpening.MAX_SECONDS * 3), () ->
                assertThatThrownBy(() -> ServerKeyStore.open("ceip.jmx.remote.key-store",
                        "ceip.jmx.remote.key-store-password", file, PASSWORD))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("ceip.jmx.remote.key-store " + file + " takes more than "
                                + StoreOpening.MAX_SECONDS + " s to open (its PBE iteration counts are too high):"
                                + " export it again with the JDK's defaults")
                        .hasMessageNotContaining(PASSWORD));
    }

    @Test
    void anOrdinaryPkcs12TrustStoreStillOpens() throws Exception {
        TestCertificates ca = TestCertificates.ca("ceip ordinary CA");
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", certificate(ca));
        Path file = directory.resolve("ordinary.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }

        assertThat(TlsContexts.loadTrustStore(file, Optional.of(PASSWORD)).isCertificateEntry("ca")).isTrue();
    }

    /**
     * {@value #PARTS} copies of one encrypted part holding {@code certificates}' certificate at {@value #ITERATIONS}
     * iterations (without a MAC, which the JDK does not require): the JDK derives the key once to write the part, and
     * once per copy to open the file.
     */
    private Path costlyStore(String name, TestCertificates certificates) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", certificate(certificates));
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        String iterations = System.getProperty(CERT_ITERATIONS);
        String mac = System.getProperty(MAC);
        System.setProperty(CERT_ITERATIONS, Integer.toString(ITERATIONS));
        System.setProperty(MAC, "NONE");
        try {
            store.store(written, PASSWORD.toCharArray());
        } finally {
            restore(CERT_ITERATIONS, iterations);
            restore(MAC, mac);
        }
        Pfx pfx = Pfx.getInstance(written.toByteArray());
        ContentInfo[] parts = AuthenticatedSafe.getInstance(
                ASN1OctetString.getInstance(pfx.getAuthSafe().getContent()).getOctets()).getContentInfo();
        ContentInfo encrypted = java.util.Arrays.stream(parts)
                .filter(part -> part.getContentType().equals(PKCSObjectIdentifiers.encryptedData)).findFirst()
                .orElseThrow();
        ContentInfo[] copies = new ContentInfo[PARTS];
        java.util.Arrays.fill(copies, encrypted);
        Pfx costly = new Pfx(new ContentInfo(PKCSObjectIdentifiers.data, new DEROctetString(
                new AuthenticatedSafe(copies).getEncoded(ASN1Encoding.DER))), null);
        Path file = directory.resolve(name);
        Files.write(file, costly.getEncoded(ASN1Encoding.DER));
        return file;
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static X509Certificate certificate(TestCertificates certificates) throws Exception {
        Path pem = Files.createTempFile("ceip-cert", ".pem");
        try {
            certificates.writePem(pem);
            try (var in = Files.newInputStream(pem)) {
                return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(in);
            }
        } finally {
            Files.delete(pem);
        }
    }
}
