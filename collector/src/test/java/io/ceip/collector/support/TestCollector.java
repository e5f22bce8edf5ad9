package io.ceip.collector.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.Collector;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A collector node started in the test's JVM on a free loopback port, its data in {@code dir}, and a JDK HttpClient
 * that trusts the certificate the node made on its first start (and nothing else).
 * <p>
 * One node for a whole test class, started before its {@code @BeforeAll} methods and closed after its
 * {@code @AfterAll} ones, its data in a new directory under {@code java.io.tmpdir}:
 * {@code @RegisterExtension static final TestCollector collector = TestCollector.perClass(Map.of(...));}
 */
public final class TestCollector implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> settings;
    private Collector collector;
    private Path dataDir;
    private int port;
    private HttpClient client;

    private TestCollector(Map<String, String> settings) {
        this.settings = settings;
    }

    /** A node started for the test class that registers it as an extension, with {@code settings} on top. */
    public static TestCollector perClass(Map<String, String> settings) {
        return new TestCollector(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))),
                context.getRequiredTestClass().getSimpleName());
        TestCollector started = start(dir, settings);
        collector = started.collector;
        dataDir = dir;
        port = started.port;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (collector != null) {
            close();
        }
    }

    private static Path sharedTls;
    /** The ports {@link #freePort} handed out in this JVM. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A single-node collector (H2 in {@code dir}) with {@code settings} on top. The first node of the JVM makes its
     * certificate (keytool, as on a first start); later nodes get a copy of it, which saves a keytool run each.
     */
    public static TestCollector start(Path dir, Map<String, String> settings) throws Exception {
        synchronized (TestCollector.class) {
            if (sharedTls != null && !Files.exists(dir.resolve("tls"))) {
                Files.createDirectories(dir.resolve("tls"));
                for (String file : new String[] {"collector.p12", "collector.pem"}) {
                    Files.copy(sharedTls.resolve(file), dir.resolve("tls").resolve(file));
                }
            }
        }
        int port = freePort();
        Map<String, String> all = new HashMap<>();
        all.put("collector.data-dir", dir.toString());
        all.put("collector.port", Integer.toString(port));
        all.put("collector.host", "127.0.0.1");
        all.put("collector.store.jdbc-url", "jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath());
        all.putAll(settings);
        Collector collector = Collector.create(all).start();
        synchronized (TestCollector.class) {
            if (sharedTls == null) {
                // under the build's java.io.tmpdir (target/tmp), not the JVM's cached /tmp
                sharedTls = Files.createTempDirectory(Files.createDirectories(
                        Path.of(System.getProperty("java.io.tmpdir"))), "collector-tls");
                for (String file : new String[] {"collector.p12", "collector.pem"}) {
                    Files.copy(dir.resolve("tls").resolve(file), sharedTls.resolve(file));
                }
            }
        }
        TestCollector started = new TestCollector(settings);
        started.collector = collector;
        started.dataDir = dir;
        started.port = port;
        return started;
    }

    /**
     * Writes {@code text} to {@code file} as an administrator writes a tokens file holding tokens of its own: owner-only
     * ({@code chmod 600}), or the node refuses to start.
     */
    public static Path tokensFile(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /**
     * A port between 10000 and 29999, drawn at random, not handed out before in this JVM, bindable just now: below the
     * ephemeral range (Linux: 32768-60999) that port-0 binds (Kafka, a client's own end) take from, so no such listener
     * takes it between this pick and the node's bind.
     */
    public static int freePort() throws IOException {
        for (int tries = 0; tries < 1_000; tries++) {
            int port = 10_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000);
            if (HANDED_OUT.add(port)) {
                try (ServerSocket socket = new ServerSocket(port)) {
                    return port;
                } catch (IOException taken) {
                    // another listener has it: draw again
                }
            }
        }
        throw new IOException("no free port between 10000 and 29999");
    }

    public Collector collector() {
        return collector;
    }

    /** The node's data directory. */
    public Path dir() {
        return dataDir;
    }

    /**
     * A TLS connection to the node, trusting its certificate only, offering {@code protocols} (none: the JDK's
     * defaults), handshake done (for raw requests).
     */
    public SSLSocket connect(String... protocols) throws Exception {
        return RawRequest.connect(dataDir.resolve("tls/collector.pem"), port, protocols);
    }

    /** A TLS connection offering only {@code protocols} and {@code cipherSuites}, handshake done. */
    public SSLSocket connect(String[] protocols, String[] cipherSuites) throws Exception {
        return RawRequest.connect(dataDir.resolve("tls/collector.pem"), port, protocols, cipherSuites);
    }

    public URI reports() {
        return URI.create("https://localhost:" + port + "/v1/reports");
    }

    public URI uri(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    /** An HttpClient trusting only data/tls/collector.pem. */
    public synchronized HttpClient client() throws Exception {
        if (client == null) {
            client = HttpClient.newBuilder().sslContext(trusting(dataDir.resolve("tls/collector.pem")))
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }
        return client;
    }

    public static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("collector", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** POSTs {@code body} as JSON with the demo token (gzip when {@code gzip}). */
    public HttpResponse<String> post(byte[] body, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(reports()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + Reports.TOKEN);
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return client().send(request.POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? Reports.gzip(body) : body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asserts the node still takes a new report: 202, and one more row in its store. */
    public void assertStillAcceptsReports() throws Exception {
        long before = collector.store().count();
        assertThat(post(Reports.utf8(Reports.any()), true).statusCode()).isEqualTo(202);
        assertThat(collector.store().count()).isEqualTo(before + 1);
    }

    public HttpResponse<String> post(HttpRequest.Builder request) throws Exception {
        return client().send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        collector.close();
    }
}
