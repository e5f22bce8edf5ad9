package io.ceip.agent.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEParameterSpec;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start opens the client key store whole (review s20 tls L3, L1, M2): it used to check the store's password only,
 * and the first send (outside every deadline) read the file again and decrypted every key at the file's own PBE
 * iteration count. Now a key whose password is not the store's, a certificate expired or not yet valid, or more than
 * 4 keys stop the start in one line naming the setting (never the password); the first send uses the keys recovered
 * at start, without the file. And a PKCS12 trust store opened without its password (its certificates unreadable)
 * stops the start instead of trusting nothing.
 */
class TlsContextsCheckTheWholeKeyStoreAtStartTest {

    private static final Instant NOW = Instant.now();

    @TempDir
    Path directory;

    @Test
    void aKeyWhosePasswordIsNotTheStoresStopsTheStart() throws Exception {
        Path file = keyStore(1, "store-pw", "other-key-pw", 10_000, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)));

        assertThatThrownBy(() -> client(file, "store-pw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.endpoint.key-store " + file + ": a private key cannot be recovered with"
                        + " ceip.endpoint.key-store-password (a key's own password must be the store's)")
                .hasMessageNotContaining("store-pw");
    }

    @Test
    void aCertificateThatExpiredOrIsNotYetValidStopsTheStart() throws Exception {
        Path expired = keyStore(1, "pw", "pw", 10_000, NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(1)));
        Path future = keyStore(1, "pw", "pw", 10_000, NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(60)));

        assertThatThrownBy(() -> client(expired, "pw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ceip.endpoint.key-store " + expired + ": its client certificate expired on ")
                .hasMessageEndingWith("; renew it");
        assertThatThrownBy(() -> client(future, "pw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ceip.endpoint.key-store " + future + ": its client certificate is not valid"
                        + " before ");
    }

    @Test
    void moreThanFourKeysStopTheStart() throws Exception {
        Path file = keyStore(5, "pw", "pw", 1_000, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));

        assertThatThrownBy(() -> client(file, "pw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.endpoint.key-store " + file + " holds 5 private keys: the agent's own key and"
                        + " certificate are needed, at most 4 keys");
    }

    @Test
    void theFirstSendUsesTheKeysRecoveredAtStartNotTheFile() throws Exception {
        Path file = keyStore(1, "pw", "pw", 2_000_000, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        long start = System.nanoTime();
        SSLContextParameters tls = client(file, "pw");
        long atStart = System.nanoTime() - start;
        Files.delete(file);

        start = System.nanoTime();
        assertThat(tls.createSSLContext(new DefaultCamelContext())).isNotNull();
        long atFirstSend = System.nanoTime() - start;

        assertThat(atFirstSend).as("the first send's TLS context (ns) beside the start's check of 2,000,000 PBE"
                + " iterations (ns): %d", atStart).isLessThan(atStart / 2);
    }

    @Test
    void aPkcs12TrustStoreWithoutItsPasswordStopsTheStart() throws Exception {
        KeyStore written = KeyStore.getInstance("PKCS12");
        written.load(null, null);
        written.setCertificateEntry("vendor-ca", certificate(keys(), NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30))));
        Path file = write(written, "trust.p12", "changeit");

        assertThatThrownBy(() -> TlsContexts.client(Optional.of(file), Optional.empty(), Optional.empty(),
                Optional.empty(), Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.endpoint.trust-store " + file + " holds no trusted certificate (is"
                        + " ceip.endpoint.trust-store-password set?)");
        assertThat(TlsContexts.loadTrustStore(file, Optional.of("changeit")).size()).isEqualTo(1);
    }

    private static SSLContextParameters client(Path keyStore, String password) {
        return TlsContexts.client(Optional.empty(), Optional.empty(), Optional.of(keyStore), Optional.of(password),
                Set.of());
    }

    private Path keyStore(int keys, String storePassword, String keyPassword, int iterations, Instant from,
            Instant to) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < keys; i++) {
            KeyPair pair = keys();
            byte[] salt = new byte[16];
            byte[] iv = new byte[16];
            new SecureRandom().nextBytes(salt);
            new SecureRandom().nextBytes(iv);
            store.setEntry("client-" + i, new KeyStore.PrivateKeyEntry(pair.getPrivate(),
                    new Certificate[] { certificate(pair, from, to) }), new KeyStore.PasswordProtection(
                            keyPassword.toCharArray(), "PBEWithHmacSHA256AndAES_256",
                            new PBEParameterSpec(salt, iterations, new IvParameterSpec(iv))));
        }
        return write(store, "client-" + keys + "-" + iterations + "-" + from.getEpochSecond() + ".p12", storePassword);
    }

    private Path write(KeyStore store, String name, String password) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, password.toCharArray());
        return Files.write(directory.resolve(name), bytes.toByteArray());
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(KeyPair keys, Instant from, Instant to) throws Exception {
        X500Name name = new X500Name("CN=ceip-agent-client");
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()), Date.from(from), Date.from(to), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }
}
