package io.ceip.agent.support;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys and certificates made for one test run (EC P-256): a self-signed {@code localhost} certificate (with
 * 127.0.0.1 and ::1 as alternative names), or a test CA that
 * issues server certificates (for any host name) and client certificates.
 */
public final class TestCertificates {

    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final X509Certificate[] chain;

    private TestCertificates(KeyPair keyPair, X509Certificate certificate, X509Certificate... chain) {
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.chain = chain;
    }

    public static TestCertificates localhost() {
        try {
            KeyPair keyPair = newKeyPair();
            X500Name name = new X500Name("CN=localhost");
            JcaX509v3CertificateBuilder builder = builder(name, name, keyPair);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1") }));
            X509Certificate certificate = sign(builder, keyPair);
            return new TestCertificates(keyPair, certificate, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate authority for the test. */
    public static TestCertificates ca(String name) {
        try {
            KeyPair keyPair = newKeyPair();
            X500Name subject = new X500Name("CN=" + name);
            JcaX509v3CertificateBuilder builder = builder(subject, subject, keyPair);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate certificate = sign(builder, keyPair);
            return new TestCertificates(keyPair, certificate, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An intermediate CA issued by this CA: what it issues is presented with it (the root is not sent). */
    public TestCertificates issueIntermediate(String name) {
        try {
            KeyPair intermediateKeys = newKeyPair();
            JcaX509v3CertificateBuilder builder = builder(new JcaX509CertificateHolder(certificate).getSubject(),
                    new X500Name("CN=" + name), intermediateKeys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate intermediate = sign(builder, keyPair);
            return new TestCertificates(intermediateKeys, intermediate, intermediate, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The same key and certificate, presented with {@code other}'s certificate appended to the chain: a certificate
     * the chain does not pass through (what an attacker holding another valid chain can add to make a pin "seen").
     */
    public TestCertificates presentedWith(TestCertificates other) {
        X509Certificate[] longer = java.util.Arrays.copyOf(chain, chain.length + 1);
        longer[chain.length] = other.certificate;
        return new TestCertificates(keyPair, certificate, longer);
    }

    /** A server certificate issued by this CA for {@code host} (and 127.0.0.1 when the host is localhost). */
    public TestCertificates issueServer(String host) {
        Instant now = Instant.now();
        return issueServer(host, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)));
    }

    /** {@link #issueServer(String)}, valid from {@code notBefore} to {@code notAfter} only. */
    public TestCertificates issueServer(String host, Instant notBefore, Instant notAfter) {
        return issueServer(host, notBefore, notAfter, true);
    }

    /** A server certificate naming {@code host} in its common name only, as before subject alternative names. */
    public TestCertificates issueServerWithCommonNameOnly(String host) {
        Instant now = Instant.now();
        return issueServer(host, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)), false);
    }

    private TestCertificates issueServer(String host, Instant notBefore, Instant notAfter, boolean alternativeNames) {
        GeneralName[] names = host.equals("localhost")
                ? new GeneralName[] { new GeneralName(GeneralName.dNSName, host),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1") }
                : new GeneralName[] { new GeneralName(GeneralName.dNSName, host) };
        return issueServer(host, notBefore, notAfter, alternativeNames ? names : null, null);
    }

    /**
     * {@link #issueServer(String)} with an RSA key (2048 bits): what a server needs to offer the TLS 1.2 suites of RSA
     * key exchange ({@code TLS_RSA_*}) or of ECDHE signed by RSA ({@code TLS_ECDHE_RSA_*}).
     */
    public TestCertificates issueRsaServer(String host) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            Instant now = Instant.now();
            return issueServer(host, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)),
                    new GeneralName[] { new GeneralName(GeneralName.dNSName, host) }, generator.generateKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A server certificate of common name {@code commonName} whose subject alternative names are exactly
     * {@code alternativeNames}: DNS names, or addresses written {@code ip:127.0.0.1}.
     */
    public TestCertificates issueServerNaming(String commonName, String... alternativeNames) {
        GeneralName[] names = java.util.Arrays.stream(alternativeNames).map(name -> name.startsWith("ip:")
                ? new GeneralName(GeneralName.iPAddress, name.substring(3))
                : new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new);
        Instant now = Instant.now();
        return issueServer(commonName, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)), names, null);
    }

    private TestCertificates issueServer(String host, Instant notBefore, Instant notAfter, GeneralName[] names,
            KeyPair keys) {
        try {
            KeyPair leafKeys = keys == null ? newKeyPair() : keys;
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new JcaX509CertificateHolder(certificate).getSubject(), new BigInteger(64, new SecureRandom()),
                    Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + host), leafKeys.getPublic());
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            X509Certificate leaf = sign(builder, keyPair);
            return new TestCertificates(leafKeys, leaf, leaf, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client certificate issued by this CA. */
    public TestCertificates issueClient(String name) {
        try {
            KeyPair leafKeys = newKeyPair();
            JcaX509v3CertificateBuilder builder = builder(new JcaX509CertificateHolder(certificate).getSubject(),
                    new X500Name("CN=" + name), leafKeys);
            X509Certificate leaf = sign(builder, keyPair);
            return new TestCertificates(leafKeys, leaf, leaf, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server-side TLS context presenting this certificate (and asking for client certificates of {@code clientCa}). */
    public SSLContext serverContext(TestCertificates clientCa) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManagerFactory trust = null;
            if (clientCa != null) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                trusted.setCertificateEntry("ca", clientCa.certificate);
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trusted);
            }
            context.init(keyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public SSLContext serverContext() {
        return serverContext(null);
    }

    /** Writes the certificate as PEM and returns the file. */
    public Path writePem(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), owner-only, and returns the file. */
    public Path writeKeyPem(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(keyPair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes key and chain as a PKCS12 key store and returns the file. */
    public Path writePkcs12(Path file, String password) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            keyStore(password).store(bytes, password.toCharArray());
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, bytes.toByteArray());
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 pin of this certificate's public key: {@code sha256/<base64>}. */
    public String pin() {
        try {
            return "sha256/" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private javax.net.ssl.KeyManager[] keyManagers() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        // JKS: unlike PKCS12, it keeps a chain as given, also one with a certificate the chain does not pass through
        keys.init(keyStore("changeit", "JKS"), "changeit".toCharArray());
        return keys.getKeyManagers();
    }

    private KeyStore keyStore(String password) throws Exception {
        return keyStore(password, "PKCS12");
    }

    private KeyStore keyStore(String password, String type) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setKeyEntry("key", keyPair.getPrivate(), password.toCharArray(), (Certificate[]) chain);
        return store;
    }

    /** A new EC P-256 key pair. */
    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuerKeys) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }
}
