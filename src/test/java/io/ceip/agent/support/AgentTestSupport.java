package io.ceip.agent.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.CeipConfiguration;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the agent as camel-main runs it (the real {@code routes/} and {@code config/} files, the real
 * {@link CeipConfiguration}) against a real HTTPS server with a certificate made for the test, a seeded H2
 * product database and a data directory of its own. Schedules, replay timer and embedded collector (the collector's
 * single-node form, which a test turns on with {@code ceip.collector.enabled}) are off; a
 * test starts a report with {@link #runReportCycle()}. Retries are 10 ms apart.
 */
public abstract class AgentTestSupport extends CamelMainTestSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final TestCertificates CERTIFICATES = TestCertificates.localhost();

    // made on first use: CamelTestSupport asks for the properties from its constructor, before field initialisers
    private Path dataDirectory;
    private ProductDatabase database;
    private TestHttpsServer server;
    private TestHttpsServer customerEndpoint;
    private TestCertificates customerCertificates;

    protected Path dataDirectory() {
        if (dataDirectory == null) {
            dataDirectory = newTempDirectory();
        }
        return dataDirectory;
    }

    protected ProductDatabase database() {
        if (database == null) {
            database = ProductDatabase.seeded();
        }
        return database;
    }

    protected TestHttpsServer server() {
        if (server == null) {
            server = TestHttpsServer.start(serverCertificates(), clientCa(), 0);
        }
        return server;
    }

    /**
     * The customer's own endpoint ({@code ceip.customer-endpoint.*}): a real HTTPS server with a certificate of its
     * own, started on first use (from {@code overrides()} too) and closed after the test; {@link #toTheCustomer} turns
     * it on.
     */
    protected TestHttpsServer customerEndpoint() {
        if (customerEndpoint == null) {
            customerCertificates = TestCertificates.localhost();
            customerEndpoint = TestHttpsServer.start(customerCertificates, 0);
        }
        return customerEndpoint;
    }

    /** The settings that turn {@link #customerEndpoint()} on, trusted through its own trust store, then {@code more}. */
    protected Properties toTheCustomer(String... more) {
        Properties properties = with("ceip.customer-endpoint.enabled", "true",
                "ceip.customer-endpoint.url", customerEndpoint().url(), "ceip.customer-endpoint.trust-store",
                customerCertificates.writePem(newTempDirectory().resolve("customer.pem")).toString());
        properties.putAll(with(more));
        return properties;
    }

    /** The certificate the test server presents (default: a self-signed one for localhost, which the agent trusts). */
    protected TestCertificates serverCertificates() {
        return CERTIFICATES;
    }

    /** When not null, the test server requires a client certificate issued by this CA. */
    protected TestCertificates clientCa() {
        return null;
    }

    /** What the agent trusts (ceip.endpoint.trust-store): by default the test server's own certificate. */
    protected TestCertificates trusted() {
        return serverCertificates();
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:config/application.properties,classpath:ceip-defaults.properties";
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(CeipConfiguration.class);
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.setProperty("ceip.data.directory", dataDirectory().toString());
        properties.setProperty("ceip.dead-letter.directory", dataDirectory().resolve("dead-letter").toString());
        properties.setProperty("ceip.database.url", database().url());
        properties.setProperty("ceip.database.demo-data", "false");
        properties.setProperty("ceip.endpoint.url", server().url());
        properties.setProperty("ceip.endpoint.trust-store",
                trusted().writePem(newTempDirectory().resolve("trusted.pem")).toString());
        properties.setProperty("ceip.collector.enabled", "false");
        properties.setProperty("ceip.schedule.enabled", "false");
        properties.setProperty("ceip.dead-letter.replay-enabled", "false");
        properties.setProperty("ceip.retry.initial-delay", "10");
        properties.setProperty("ceip.retry.max-delay", "50");
        properties.setProperty("ceip.retry.max-redeliveries", "3");
        properties.putAll(overrides());
        return properties;
    }

    /** Test-specific properties, applied last. */
    protected Properties overrides() {
        return new Properties();
    }

    /**
     * Settings that run the embedded collector (the collector's single-node form, data under the data directory's
     * {@code collector/}) on {@code port}, and deliver to it trusting its own certificate, as the default run does.
     */
    protected Properties sendingToTheEmbeddedCollector(int port) {
        return with("ceip.collector.enabled", "true",
                "ceip.collector.port", Integer.toString(port),
                "ceip.collector.directory", dataDirectory().resolve("collector").toString(),
                "ceip.endpoint.url", "https://localhost:" + port + "/v1/reports",
                "ceip.endpoint.trust-store", "");
    }

    /**
     * Settings that turn the customer destination on, pointed at {@code tarpit} (a hanging endpoint), trusting the test
     * server's certificate, with short timeouts and no retries.
     */
    protected Properties toAHangingCustomerEndpoint(Tarpit tarpit) {
        return with("ceip.customer-endpoint.enabled", "true",
                "ceip.customer-endpoint.url", "https://localhost:" + tarpit.port() + "/v1/reports",
                "ceip.customer-endpoint.trust-store",
                serverCertificates().writePem(newTempDirectory().resolve("customer.pem")).toString(),
                "ceip.endpoint.connect-timeout", "3000", "ceip.endpoint.response-timeout", "20000",
                "ceip.endpoint.request-timeout", "25000", "ceip.retry.max-redeliveries", "0");
    }

    /** Properties from key, value, key, value… */
    protected static Properties with(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    /**
     * A node of a cluster whose shared database is {@code cluster} (its administrator's account), as {@code nodeId},
     * the report scheduled daily at 03:00.
     */
    protected static Properties clusterNode(ProductEngine cluster, String nodeId) {
        return with("ceip.cluster.enabled", "true", "ceip.cluster.database.url", cluster.url(),
                "ceip.cluster.database.user", cluster.adminUser(),
                "ceip.cluster.database.password", cluster.adminPassword(), "ceip.cluster.node-id", nodeId,
                "ceip.schedule.enabled", "true", "ceip.schedule.cron", "0 0 3 * * ?");
    }

    /** {@link #with} the product database {@code engine} as the agent's account sees it, and then {@code more}. */
    protected static Properties onEngine(ProductEngine engine, String... more) {
        Properties properties = with("ceip.database.url", engine.url(), "ceip.database.user", engine.agentUser(),
                "ceip.database.password", ProductEngine.AGENT_PASSWORD);
        properties.putAll(with(more));
        return properties;
    }

    /** Runs one report cycle (what the schedule fires) and returns the finished exchange. */
    protected Exchange runReportCycle() {
        return template.send("direct:ceip-report", exchange -> { });
    }

    /**
     * Runs one replay of the due dead letters (what the replay timer and a 2xx start: {@code direct:ceip-replay-due})
     * and returns how many it delivered.
     */
    protected int replayDeadLetters() {
        Exchange replay = template.send("direct:ceip-replay-due", exchange -> { });
        io.ceip.agent.delivery.ReplaySteps.Tally tally = replay.getProperty(io.ceip.agent.delivery.ReplaySteps.TALLY,
                io.ceip.agent.delivery.ReplaySteps.Tally.class);
        return tally == null ? 0 : tally.delivered();
    }

    /** What {@code ceip-agent send} printed on stdout, and its exit code. */
    public record CommandRun(int exitCode, String out) {
    }

    /**
     * Runs {@code ceip-agent send} ({@link io.ceip.agent.ops.SendCommand}) against this test's running agent instead
     * of one it starts itself: one cycle, the replay, one line on stdout, the exit code.
     */
    protected CommandRun sendCommand() throws Exception {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int code = new io.ceip.agent.ops.SendCommand(task -> task.run(context)).call();
            return new CommandRun(code, out.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    /** The agent's JMX bean, called directly. */
    protected io.ceip.agent.ops.AgentManagement management() {
        return context.getRegistry().lookupByNameAndType("agentManagement", io.ceip.agent.ops.AgentManagement.class);
    }

    /** Restarts the test server on the same port (after a test stopped it). */
    protected void restartServer(int port) {
        server = TestHttpsServer.start(serverCertificates(), clientCa(), port);
    }

    /**
     * Settings for remote JMX on {@code port}, with a password file ({@code passwords}: lines "user password", made
     * owner-only as the agent requires) and an access file ({@code access}: lines "user readonly|readwrite") outside
     * the data directory.
     */
    protected static Properties remoteJmx(int port, String passwords, String access) {
        try {
            Path secrets = newTempDirectory();
            Path passwordFile = Files.writeString(secrets.resolve("jmx.password"), passwords);
            Files.setPosixFilePermissions(passwordFile,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Path accessFile = Files.writeString(secrets.resolve("jmx.access"), access);
            return with("ceip.jmx.remote.enabled", "true", "ceip.jmx.remote.port", Integer.toString(port),
                    "ceip.jmx.remote.password-file", passwordFile.toString(),
                    "ceip.jmx.remote.access-file", accessFile.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A connection to the agent's remote JMX connector on {@code port} (RMI on loopback), logged in as {@code user}. */
    protected static javax.management.remote.JMXConnector connectJmx(int port, String user, String password)
            throws java.io.IOException {
        return connectJmx("127.0.0.1", port, user, password, java.util.Map.of());
    }

    /**
     * A connection to the remote JMX connector on {@code host} and {@code port}, logged in as {@code user}, with the
     * client's {@code environment} besides (e.g. {@code com.sun.jndi.rmi.factory.socket} for a registry over TLS).
     */
    protected static javax.management.remote.JMXConnector connectJmx(String host, int port, String user,
            String password, java.util.Map<String, ?> environment) throws java.io.IOException {
        java.util.Map<String, Object> all = new java.util.HashMap<>(environment);
        all.put(javax.management.remote.JMXConnector.CREDENTIALS, new String[] { user, password });
        return javax.management.remote.JMXConnectorFactory.connect(jmxUrl(host, port), all);
    }

    /** The service URL of the remote JMX connector on {@code host} and {@code port}. */
    protected static javax.management.remote.JMXServiceURL jmxUrl(String host, int port)
            throws java.net.MalformedURLException {
        return new javax.management.remote.JMXServiceURL("service:jmx:rmi://" + host + ":" + port + "/jndi/rmi://"
                + host + ":" + port + "/jmxrmi");
    }

    /**
     * A TLS context trusting the embedded collector's own certificate (made when it first starts, under
     * {@code ceip.collector.directory}: here {@code collector/} in the data directory).
     */
    protected javax.net.ssl.SSLContext trustingEmbeddedCollector() throws Exception {
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory
                .getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(io.ceip.agent.tls.TlsContexts.loadTrustStore(
                dataDirectory().resolve("collector/tls/collector.pem"),
                java.util.Optional.empty()));
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    protected DeadLetterStore deadLetters() {
        return new DeadLetterStore(dataDirectory().resolve("dead-letter"), () -> JSON, java.time.Clock.systemUTC());
    }

    /** Every file under the data directory, each as its path and text (gzip bodies unzipped). */
    /**
     * The planted-values scenario: a preview at the current consent, a cycle the server fails (four 503s: the report
     * kept), a delivered cycle, then consent {@code basic}: a preview and a cycle. Answers the previews and the data
     * files after the failed cycle and at the end, for {@link #plantedValuesFound}.
     */
    protected java.util.List<String> previewsAndCyclesThenBasic() throws Exception {
        java.util.List<String> written = new java.util.ArrayList<>();
        io.ceip.agent.ops.ReportPreview preview = context.getRegistry()
                .lookupByNameAndType("reportPreview", io.ceip.agent.ops.ReportPreview.class);
        written.add(preview.preview());
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        written.addAll(dataFiles());
        runReportCycle();
        context.getRegistry().lookupByNameAndType("consentPolicy", io.ceip.agent.privacy.ConsentPolicy.class)
                .set(io.ceip.agent.privacy.ConsentLevel.BASIC);
        written.add(preview.preview());
        runReportCycle();
        written.addAll(dataFiles());
        return written;
    }

    /**
     * The planted {@code values} (name to value) found in what left — the test server's request bodies and headers —
     * or in {@code written} (previews, data files) or {@code log}, as {@code name=value}.
     */
    protected java.util.List<String> plantedValuesFound(java.util.Map<String, String> values,
            java.util.List<String> written, String log) {
        java.util.List<String> outputs = new java.util.ArrayList<>(written);
        server().received().forEach(r -> {
            outputs.add(r.json());
            outputs.add(r.headers().toString());
        });
        outputs.add(log);
        String everything = String.join("\n", outputs);
        return values.entrySet().stream().filter(v -> everything.contains(v.getValue()))
                .map(v -> v.getKey() + "=" + v.getValue()).toList();
    }

    protected java.util.List<String> dataFiles() throws Exception {
        java.util.List<String> contents = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.walk(dataDirectory())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // deleted since the listing (the events aggregate, once its report took it): not there
                }
                contents.add(file + "\n" + new String(file.toString().endsWith(".gz")
                        ? io.ceip.agent.delivery.GzipDataFormat.gunzip(bytes) : bytes,
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return contents;
    }

    /** Nothing answers on {@code port} at any of this machine's IPv4 addresses but loopback (link-local aside). */
    protected static void assertNotReachableBeyondLoopback(int port) throws java.io.IOException {
        java.util.List<java.net.InetAddress> elsewhere = java.net.NetworkInterface.networkInterfaces()
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .filter(java.net.Inet4Address.class::isInstance).toList();
        for (java.net.InetAddress address : elsewhere) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress(address, port), 2000);
                }
            }).as("not reachable on " + address.getHostAddress()).isInstanceOf(java.net.ConnectException.class);
        }
    }

    protected static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (customerEndpoint != null) {
            customerEndpoint.close();
        }
    }

    protected static Path newTempDirectory() {
        try {
            Path base = Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "ceip-test-");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
