package io.ceip.collector.tls;

import io.ceip.collector.files.OwnerOnly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;

import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;

import org.slf4j.LoggerFactory;

/**
 * The certificate the intake serves, chosen at start:
 * <ul>
 * <li>the vendor's own, when {@code collector.tls.certificate} (PEM: the server's certificate first, then its
 * intermediates) and {@code collector.tls.private-key} (PEM, unencrypted: PKCS#8 {@code BEGIN PRIVATE KEY}, or
 * PKCS#1 {@code BEGIN RSA PRIVATE KEY}) are both set: read by Vert.x as it will serve them, then checked — each a
 * regular file of at most 1 MiB, the key the certificate's (a signature made with one is verified with the other), the
 * certificate valid now. Anything else stops the start with one line naming the setting (never the key's
 * content);</li>
 * <li>else the node's self-signed one ({@link SelfSignedCertificate}, made on first start), for localhost.</li>
 * </ul>
 */
public final class ServedCertificate {

    static final String CERTIFICATE = "collector.tls.certificate";
    static final String PRIVATE_KEY = "collector.tls.private-key";
    private static final long MAX_FILE_BYTES = 1 << 20;
    /** The key algorithms a served certificate may have. */
    private static final String[] KEY_TYPES = { "RSA", "EC", "EdDSA" };

    private ServedCertificate() {
    }

    /**
     * The key and certificate to serve.
     *
     * @param certificate {@code collector.tls.certificate}, empty for none
     * @param privateKey {@code collector.tls.private-key}, empty for none
     * @param tlsDir where the self-signed key store is (made when missing)
     * @param password the self-signed key store's password
     */
    public static KeyCertOptions choose(String certificate, String privateKey, Path tlsDir, String password)
            throws IOException {
        if (certificate.isEmpty() && privateKey.isEmpty()) {
            Path store = SelfSignedCertificate.ensure(tlsDir, password);
            return new KeyStoreOptions().setType("PKCS12").setPath(store.toString()).setPassword(password);
        }
        if (certificate.isEmpty() || privateKey.isEmpty()) {
            throw new IllegalArgumentException(CERTIFICATE + " and " + PRIVATE_KEY + " go together: set both (PEM"
                    + " files of your certificate and its key) or neither (a self-signed certificate for localhost)");
        }
        requireFile(CERTIFICATE, Path.of(certificate));
        requireFile(PRIVATE_KEY, Path.of(privateKey));
        PemKeyCertOptions pem = new PemKeyCertOptions().setCertPath(certificate).setKeyPath(privateKey);
        X509CertificateAndKey served = read(pem);
        check(served);
        LoggerFactory.getLogger(ServedCertificate.class).info("Serving the certificate of {} ({}, valid until {})",
                CERTIFICATE, served.certificate().getSubjectX500Principal().getName(),
                served.certificate().getNotAfter().toInstant());
        return pem;
    }

    private record X509CertificateAndKey(X509Certificate certificate, PrivateKey key) {
    }

    private static void requireFile(String setting, Path file) throws IOException {
        if (!Files.isRegularFile(file)) { // a link is followed: certbot's live/ files are links
            throw new IllegalArgumentException(setting + ": " + file.toAbsolutePath() + " is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(setting + ": " + file.toAbsolutePath() + " cannot be read by this"
                    + " user");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(setting + ": " + file.toAbsolutePath() + " is larger than 1 MiB;"
                    + " not a PEM file");
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        if (setting.equals(PRIVATE_KEY) && encrypted(text)) {
            throw new IllegalArgumentException(setting + ": " + file.toAbsolutePath() + " is an encrypted key: give"
                    + " it unencrypted (openssl pkey -in it -out another), readable by the collector's user only");
        }
        if (setting.equals(PRIVATE_KEY) && OwnerOnly.readableByOthers(file)) {
            LoggerFactory.getLogger(ServedCertificate.class).warn("{}: {} can be read by other users than its owner:"
                    + " make it owner-only (chmod 600), owned by the collector's user", setting, file.toAbsolutePath());
        }
        String marker = setting.equals(CERTIFICATE) ? "-----BEGIN CERTIFICATE-----" : "PRIVATE KEY-----";
        if (!text.contains(marker)) {
            throw new IllegalArgumentException(setting + ": " + file.toAbsolutePath() + " holds no PEM "
                    + (setting.equals(CERTIFICATE) ? "certificate (-----BEGIN CERTIFICATE-----)"
                            : "private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)"));
        }
    }

    /**
     * Whether {@code key} is an encrypted PEM key: PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}) or OpenSSL's
     * traditional form ({@code BEGIN RSA/EC PRIVATE KEY} with the header {@code Proc-Type: 4,ENCRYPTED}, what
     * {@code openssl genrsa -aes256} of OpenSSL 1.x writes).
     */
    static boolean encrypted(String key) {
        return key.contains("ENCRYPTED PRIVATE KEY-----")
                || key.lines().map(line -> line.replace(" ", "").strip())
                        .anyMatch(line -> line.equalsIgnoreCase("Proc-Type:4,ENCRYPTED"));
    }

    /** Reads the pair as the server will (Vert.x's own PEM reader), through a short-lived Vert.x. */
    private static X509CertificateAndKey read(PemKeyCertOptions pem) {
        Vertx vertx = Vertx.vertx();
        try {
            for (KeyManager manager : pem.getKeyManagerFactory(vertx).getKeyManagers()) {
                if (manager instanceof X509KeyManager keys) {
                    for (String type : KEY_TYPES) {
                        String[] aliases = keys.getServerAliases(type, null);
                        if (aliases != null && aliases.length > 0 && keys.getCertificateChain(aliases[0]) != null) {
                            return new X509CertificateAndKey(keys.getCertificateChain(aliases[0])[0],
                                    keys.getPrivateKey(aliases[0]));
                        }
                    }
                }
            }
        } catch (Exception e) { // the reader's own text is not shown: it may quote the files
            String ca = firstIsACa(pem);
            if (ca != null) { // the key is then read against a CA's certificate: the order is what is wrong
                throw new IllegalArgumentException(CERTIFICATE + ": its first certificate is a CA's (" + ca
                        + "), not the server's: put the server's certificate first, then its intermediates");
            }
            throw new IllegalArgumentException(PRIVATE_KEY + ": not the key of the certificate in " + CERTIFICATE
                    + ", or the two cannot be read as a PEM certificate and its PKCS#8 or PKCS#1 private key ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            vertx.close();
        }
        throw new IllegalArgumentException(CERTIFICATE + ", " + PRIVATE_KEY + ": no RSA, EC or Ed25519 certificate"
                + " and key found");
    }

    /** The subject of the first certificate of the file when it is a CA's and others follow it, else null. */
    private static String firstIsACa(PemKeyCertOptions pem) {
        try (java.io.InputStream in = Files.newInputStream(Path.of(pem.getCertPaths().get(0)))) {
            java.util.List<? extends java.security.cert.Certificate> chain = java.security.cert.CertificateFactory
                    .getInstance("X.509").generateCertificates(in).stream().toList();
            return chain.size() > 1 && chain.get(0) instanceof X509Certificate first && first.getBasicConstraints() >= 0
                    ? first.getSubjectX500Principal().getName() : null;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static void check(X509CertificateAndKey served) {
        X509Certificate certificate = served.certificate();
        String algorithm = switch (served.key().getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "EdDSA", "Ed25519" -> "Ed25519";
            default -> throw new IllegalArgumentException(PRIVATE_KEY + ": a " + served.key().getAlgorithm()
                    + " key; RSA, EC or Ed25519 only");
        };
        try {
            byte[] challenge = "ceip-collector".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(served.key());
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException(PRIVATE_KEY + ": not the key of the certificate in "
                        + CERTIFICATE);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(PRIVATE_KEY + ": not the key of the certificate in " + CERTIFICATE
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        Instant now = Instant.now();
        if (certificate.getNotAfter().toInstant().isBefore(now)) {
            throw new IllegalArgumentException(CERTIFICATE + ": expired on " + certificate.getNotAfter().toInstant()
                    + " (agents refuse it)");
        }
        if (certificate.getNotBefore().toInstant().isAfter(now)) {
            throw new IllegalArgumentException(CERTIFICATE + ": not valid before "
                    + certificate.getNotBefore().toInstant() + " (agents refuse it; check this machine's clock)");
        }
    }
}
