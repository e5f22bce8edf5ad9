package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;
import io.ceip.collector.tls.ServedCertificate;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vendor's collector serves its own certificate (a PEM certificate and its private key: collector.tls.certificate,
 * collector.tls.private-key), not the self-signed one for localhost; a pair that cannot be served stops the start in
 * one line naming the setting, never showing the key.
 */
class CollectorServesTheVendorsCertificateTest {

    @TempDir
    static Path keys;

    @BeforeAll
    static void makeTheVendorsKeys() throws Exception {
        pemPair("vendor", "RSA", "-validity", "30");
        pemPair("other", "EC", "-validity", "30");
        pemPair("other-rsa", "RSA", "-validity", "30");
        pemPair("expired", "EC", "-startdate", "-10d", "-validity", "1");
        pemPair("ca", "EC", "-validity", "30", "-ext", "bc:c");
    }

    @Test
    void theNodeServesTheVendorsCertificateAndMakesNoSelfSignedOne(@TempDir Path dir) throws Exception {
        int port = TestCollector.freePort();
        try (Collector node = Collector.create(Map.of("collector.data-dir", dir.toString(),
                "collector.port", Integer.toString(port), "collector.host", "127.0.0.1",
                "collector.store.jdbc-url", "jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath(),
                "collector.tls.certificate", keys.resolve("vendor.pem").toString(),
                "collector.tls.private-key", keys.resolve("vendor.key").toString())).start()) {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TestCollector.trusting(keys.resolve("vendor.pem"))).build();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                    java.net.URI.create("https://localhost:" + port + "/v1/reports")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                    .header("Authorization", "Bearer " + Reports.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Reports.gzip(Reports.utf8(Reports.any())))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as("a client trusting only the vendor's certificate").isEqualTo(202);
            try (SSLSocket socket = (SSLSocket) TestCollector.trusting(keys.resolve("vendor.pem")).getSocketFactory()
                    .createSocket("localhost", port)) {
                socket.startHandshake();
                assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(certificate("vendor"));
            }
            assertThat(dir.resolve("tls/collector.p12")).as("no self-signed key store made").doesNotExist();
        }
    }

    @Test
    void aPairThatCannotBeServedStopsTheStartInOneLineNamingTheSetting(@TempDir Path dir) throws Exception {
        String vendorKey = Files.readString(keys.resolve("vendor.key"));
        Path notPem = Files.writeString(dir.resolve("cert.der"), "not a certificate");
        Path encrypted = Files.writeString(dir.resolve("encrypted.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n"
                        + "-----END ENCRYPTED PRIVATE KEY-----\n");
        // OpenSSL's traditional form (openssl genrsa -aes256 of OpenSSL 1.x, openssl ec -aes128): the key type in the
        // marker, the encryption in a header
        Path encryptedRsa = Files.writeString(dir.resolve("encrypted-rsa.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                        + "DEK-Info: AES-256-CBC,5A1C2B0E6E2F8A51D1D8B7C6E5F4A3B2\n\n"
                        + "c94LCS6xaJiVtVoHRSiEoYMWKoKsoT+bO2jWkVTqWGGd2q+0VC2EmAEM1CiSZ1Vz\n"
                        + "-----END RSA PRIVATE KEY-----\n");
        Path encryptedEc = Files.writeString(dir.resolve("encrypted-ec.key"),
                "-----BEGIN EC PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\n"
                        + "DEK-Info: AES-128-CBC,064115E6C720FEBA502F1DB7BE7EA635\r\n\r\n"
                        + "c94LCS6xaJiVtVoHRSiEoYMWKoKsoT+bO2jWkVTqWGGd2q+0VC2EmAEM1CiSZ1Vz\r\n"
                        + "-----END EC PRIVATE KEY-----\r\n");
        // a chain written CA first (cat ca.pem server.pem): the order is named, not the key
        Path caFirst = Files.writeString(dir.resolve("ca-first.pem"), Files.readString(keys.resolve("ca.pem"))
                + Files.readString(keys.resolve("vendor.pem")));
        List<String[]> cases = List.of(
                new String[] {caFirst.toString(), keys.resolve("vendor.key").toString(),
                    "collector.tls.certificate: its first certificate is a CA's (CN=telemetry.vendor.test), not the"
                            + " server's: put the server's certificate first, then its intermediates"},
                new String[] {keys.resolve("vendor.pem").toString(), "",
                    "collector.tls.certificate and collector.tls.private-key go together"},
                new String[] {keys.resolve("vendor.pem").toString(), keys.resolve("other.key").toString(),
                    "collector.tls.private-key: not the key of the certificate in collector.tls.certificate"},
                new String[] {keys.resolve("vendor.pem").toString(), keys.resolve("other-rsa.key").toString(),
                    "collector.tls.private-key: not the key of the certificate in collector.tls.certificate"},
                new String[] {keys.resolve("expired.pem").toString(), keys.resolve("expired.key").toString(),
                    "collector.tls.certificate: expired on "},
                new String[] {notPem.toString(), keys.resolve("vendor.key").toString(),
                    "collector.tls.certificate: " + notPem.toAbsolutePath() + " holds no PEM certificate"},
                new String[] {keys.resolve("vendor.pem").toString(), keys.resolve("vendor.pem").toString(),
                    "collector.tls.private-key: " + keys.resolve("vendor.pem").toAbsolutePath()
                            + " holds no PEM private key"},
                new String[] {dir.toString(), keys.resolve("vendor.key").toString(),
                    "collector.tls.certificate: " + dir.toAbsolutePath() + " is not a file"},
                new String[] {keys.resolve("vendor.pem").toString(), encrypted.toString(),
                    "collector.tls.private-key: " + encrypted.toAbsolutePath() + " is an encrypted key: give it"
                            + " unencrypted"},
                new String[] {keys.resolve("vendor.pem").toString(), encryptedRsa.toString(),
                    "collector.tls.private-key: " + encryptedRsa.toAbsolutePath() + " is an encrypted key: give it"
                            + " unencrypted"},
                new String[] {keys.resolve("vendor.pem").toString(), encryptedEc.toString(),
                    "collector.tls.private-key: " + encryptedEc.toAbsolutePath() + " is an encrypted key: give it"
                            + " unencrypted"});
        for (String[] c : cases) {
            assertThatIllegalArgumentException().as(c[2])
                    .isThrownBy(() -> ServedCertificate.choose(c[0], c[1], dir.resolve("tls"), "unused"))
                    .withMessageStartingWith(c[2])
                    .withMessageNotContaining("\n")
                    .withMessageNotContaining(vendorKey.lines().skip(1).findFirst().orElseThrow());
        }
        assertThat(dir.resolve("tls")).as("no self-signed certificate made for a refused pair").doesNotExist();
    }

    /** The private key must be the collector user's only: a key others can read is said in one WARN line. */
    @Test
    void aKeyOthersCanReadIsSaidInOneLine(@TempDir Path dir) throws Exception {
        Path key = Files.copy(keys.resolve("vendor.key"), dir.resolve("open.key"));
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try (io.ceip.collector.support.LogLines log = io.ceip.collector.support.LogLines.capture()) {
            ServedCertificate.choose(keys.resolve("vendor.pem").toString(), key.toString(), dir.resolve("tls"), "x");
            Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            ServedCertificate.choose(keys.resolve("vendor.pem").toString(), key.toString(), dir.resolve("tls"), "x");

            assertThat(log.lines()).filteredOn(line -> line.contains("can be read by other users")).singleElement()
                    .asString().contains("collector.tls.private-key: " + key.toAbsolutePath(), "chmod 600");
        }
    }

    /** {@code name.pem} (certificate) and {@code name.key} (PKCS#8 private key), as a CA and openssl give them. */
    private static void pemPair(String name, String algorithm, String... validity) throws Exception {
        Path store = keys.resolve(name + ".p12");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-noprompt",
                "-alias", name, "-keyalg", algorithm, "-dname", "CN=telemetry.vendor.test",
                "-ext", "SAN=dns:localhost,dns:telemetry.vendor.test", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "secret", "-keypass", "secret"));
        command.addAll(List.of(validity));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "secret".toCharArray());
        }
        Files.writeString(keys.resolve(name + ".pem"), pem("CERTIFICATE",
                keyStore.getCertificate(name).getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keys.resolve(name + ".key"), pem("PRIVATE KEY",
                keyStore.getKey(name, "secret".toCharArray()).getEncoded()), StandardCharsets.US_ASCII);
    }

    private static Certificate certificate(String name) throws Exception {
        try (InputStream in = Files.newInputStream(keys.resolve(name + ".pem"))) {
            return java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
