package io.ceip.agent.bench;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Baseline (b) of the benchmark: the practical limit of this machine for sending stored reports — one
 * {@link HttpClient} (HTTP/1.1, keep-alive, TLS verifying the collector's certificate from a PEM file) POSTing every
 * {@code *.json.gz} file of a directory in name order, one after the other, as the agent's replay does. Arguments:
 * directory, URL, PEM file. Prints how many were accepted.
 */
public final class PlainHttpClientPoster {

    private PlainHttpClientPoster() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        URI url = URI.create(args[1]);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("collector", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[2])))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        }
        int accepted = 0;
        for (Path file : files) {
            String reportId = file.getFileName().toString().replace(".json.gz", "");
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                    .header("Idempotency-Key", reportId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file))).build();
            if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
                accepted++;
            }
        }
        System.out.println("accepted " + accepted);
    }
}
