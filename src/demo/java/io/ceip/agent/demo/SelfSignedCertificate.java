package io.ceip.agent.demo;

import io.ceip.agent.files.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The embedded collector's TLS identity, created once on first start: an EC P-256 key and a self-signed
 * certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, valid ten years. Three files in the
 * given directory: {@code collector.p12} (key and certificate), {@code collector.p12.password} (its random
 * password) and {@code collector.pem} (the certificate alone, which the agent trusts), each {@code 0600} from its
 * creation in a {@code 0700} directory ({@link AtomicFiles}).
 */
public final class SelfSignedCertificate {

    public static final String KEY_STORE = "collector.p12";
    public static final String PASSWORD = "collector.p12.password";
    public static final String CERTIFICATE = "collector.pem";

    private SelfSignedCertificate() {
    }

    /** Creates the three files unless the key store already exists. */
    public static void ensure(Path directory) {
        if (Files.exists(directory.resolve(KEY_STORE)) && Files.exists(directory.resolve(PASSWORD))) {
            return;
        }
        try {
            KeyPair keyPair = newKeyPair();
            X509Certificate certificate = selfSign(keyPair, "localhost", Duration.ofDays(3650));
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("collector", keyPair.getPrivate(), password.toCharArray(),
                    new java.security.cert.Certificate[] { certificate });
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password.toCharArray());
            AtomicFiles.write(directory.resolve(CERTIFICATE), pem(certificate).getBytes(StandardCharsets.US_ASCII));
            AtomicFiles.write(directory.resolve(PASSWORD), password.getBytes(StandardCharsets.US_ASCII));
            AtomicFiles.write(directory.resolve(KEY_STORE), bytes.toByteArray());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the embedded collector's certificate in " + directory, e);
        }
    }

    /** A new EC P-256 key pair. */
    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A self-signed certificate for {@code host} with the loopback addresses as alternative names. */
    public static X509Certificate selfSign(KeyPair keyPair, String host, Duration validity)
            throws GeneralSecurityException, IOException {
        X500Name name = new X500Name("CN=" + host);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(validity)), name, keyPair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, host),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1") }));
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the certificate", e);
        }
    }

    /** The certificate in PEM form. */
    public static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
