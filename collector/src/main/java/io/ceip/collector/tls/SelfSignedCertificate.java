package io.ceip.collector.tls;

import io.ceip.collector.files.OwnerOnly;
import io.ceip.collector.files.SecretFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;

/**
 * The collector's own certificate for its first start: when {@code <dir>/collector.p12} is missing, the JDK's
 * {@code keytool} makes a self-signed EC key and certificate (CN=localhost, SAN localhost, 127.0.0.1, ::1, 10
 * years) into it, and the certificate is written as PEM to {@code <dir>/collector.pem} — the file a client (the
 * agent's {@code ceip.endpoint.trust-store}) trusts. The directory is made 0700 and the key store 0600 before it
 * gets its final name (the PEM stays readable: it is public). An existing key store is kept as it is.
 */
public final class SelfSignedCertificate {

    private SelfSignedCertificate() {
    }

    /** Makes the key store and PEM in {@code dir} unless the key store exists; returns the key store. */
    public static Path ensure(Path dir, String password) throws IOException {
        Path store = dir.resolve("collector.p12");
        Path pem = dir.resolve("collector.pem");
        SecretFile.requireOwnWhereTheyExist("collector.data-dir", List.of(store), ": the node's key store must be"
                + " a regular file of the collector's user (put the file itself there, owner-only)");
        if (Files.isRegularFile(store)) {
            requireOpens(store, password);
            if (!Files.isRegularFile(pem)) {
                writePem(store, password, pem);
            }
            return store;
        }
        OwnerOnly.createDirectories(dir);
        Path partial = dir.resolve("collector.p12.partial");
        Files.deleteIfExists(partial);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", "collector", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1",
                "-validity", "3650", "-storetype", "PKCS12", "-keystore", partial.toString(),
                "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool could not make the collector's certificate in " + dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the collector's certificate");
        }
        OwnerOnly.restrictFile(partial);
        writePem(partial, password, pem);
        Files.move(partial, store, StandardCopyOption.ATOMIC_MOVE);
        LoggerFactory.getLogger(SelfSignedCertificate.class).info("Made a self-signed certificate for localhost (key:"
                + " {}); agents trust {} (ceip.endpoint.trust-store)", store.toAbsolutePath(), pem.toAbsolutePath());
        return store;
    }

    /**
     * A key store the password does not open (collector.tls.key-store-password changed after the first start) stops
     * the start with one line here, not in a stack trace once Camel starts the HTTPS server.
     */
    private static void requireOpens(Path store, String password) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore.getInstance("PKCS12").load(in, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("collector.tls.key-store-password: does not open " + store + " (the"
                    + " key store made on an earlier start, with another password, or damaged): give the password it"
                    + " was made with, or move the key store and collector.pem away to make a new certificate");
        }
    }

    private static void writePem(Path store, String password, Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password.toCharArray());
            Certificate certificate = keyStore.getCertificate("collector");
            String text = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Path partial = pem.resolveSibling(pem.getFileName() + ".partial");
            Files.writeString(partial, text, StandardCharsets.US_ASCII);
            Files.move(partial, pem, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException e) {
            throw new IOException("the collector's key store " + store + " could not be read");
        }
    }
}
