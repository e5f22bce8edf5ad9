package io.ceip.agent;

import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.ShippedFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged artifact, as the README runs it: {@code java -jar target/ceip-agent.jar} from a directory holding
 * the shipped {@code routes/} and {@code config/} and the collector's {@code collector/routes/} and
 * {@code collector/config/} (the demo runs the collector's single-node form beside the agent), with nothing else
 * configured but a free collector port (from the environment, which wins over the file) and a product name in the
 * file (which wins over the defaults; the collector's products file names it with the demo's token).
 */
class AgentJarIT {

    private static final Path JAR = Path.of(System.getProperty("ceip.jar", "target/ceip-agent.jar")).toAbsolutePath();

    @TempDir
    Path workDir;

    private Process agent;
    private int port;

    @BeforeEach
    void copyShippedFiles() throws IOException {
        ShippedFiles.copyTo(workDir);
        port = FreePort.next();
        Path config = workDir.resolve("config/application.properties");
        Files.writeString(config, Files.readString(config)
                .replace("ceip.product.name=Demo Monitoring", "ceip.product.name=Product From The Config File"));
        Path products = workDir.resolve("collector/config/tokens.properties");
        Files.writeString(products, Files.readString(products).replace("demo-monitoring.product=Demo Monitoring",
                "demo-monitoring.product=Product From The Config File"));
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDefaultRunDeliversAReportToTheEmbeddedCollector() throws Exception {
        Path log = workDir.resolve("agent.log");
        agent = start(log, "run");

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.readString(log).contains("delivered: HTTP 202"));

        String output = Files.readString(log);
        Matcher delivered = Pattern.compile("Report ([0-9a-f-]{36}) delivered: HTTP 202").matcher(output);
        assertThat(delivered.find()).isTrue();
        assertThat(output).as("the collector's own line: the config file wins over the embedded defaults")
                .contains("ReportStore - Stored report " + delivered.group(1)
                        + " of product 'Product From The Config File' from installation "
                        + Files.readString(workDir.resolve("data/installation-id")).trim());
        assertThat(output).doesNotContain("Exception").contains("Health: readiness UP (context, data-directory");
        assertThat(DeliveryLedger.read(workDir.resolve("data/ledger.log"))).extracting(DeliveryLedger.Entry::outcome)
                .containsExactly("HTTP_202");

        // the collector's figures (its fleet view's JSON, with its demo token): the agent's report, counted
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(workDir.resolve(
                "data/collector/tls/collector.pem"))).build();
        HttpResponse<String> vendors = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                        + "/v1/fleet/database-vendors.json")).header("Authorization", "Bearer " + FLEET_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(vendors.statusCode()).as(vendors.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(vendors.body()).at("/values/h2").asInt()).isEqualTo(1);

        Map<String, String> permissions = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(workDir.resolve("data"))) {
            for (Path file : files.toList()) {
                permissions.put(workDir.relativize(file).toString(), java.nio.file.attribute.PosixFilePermissions
                        .toString(Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)));
            }
        }
        assertThat(permissions).as("the agent's files are its user's alone, H2's demo database included")
                .containsKeys("data", "data/installation-id", "data/ledger.log", "data/demo-product.mv.db",
                        "data/collector", "data/collector/tls/collector.p12", "data/collector/db/collector.mv.db");
        permissions.forEach((path, mode) -> {
            if (!path.equals("data/collector/tls/collector.pem")) { // the collector's public certificate: 0644
                assertThat(mode).as(path)
                        .isEqualTo(Files.isDirectory(workDir.resolve(path)) ? "rwx------" : "rw-------");
            }
        });

        agent.destroy();
        assertThat(agent.waitFor(40, TimeUnit.SECONDS)).as("stops within the shutdown timeout").isTrue();
        assertThat(Files.readString(log)).contains("(ceip-agent) shutdown");
    }

    @Test
    void previewPrintsTheReportAndSendsNothing() throws Exception {
        Path log = workDir.resolve("preview.log");
        Process preview = start(log, "preview");
        assertThat(preview.waitFor(90, TimeUnit.SECONDS)).isTrue();

        assertThat(preview.exitValue()).isZero();
        String stdout = new String(preview.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode report = new ObjectMapper().readTree(stdout);
        assertThat(report.get("consentLevel").asText()).isEqualTo("basic");
        assertThat(report.at("/usage/services").asLong()).isEqualTo(40);
        assertThat(workDir.resolve("data")).as("a preview writes nothing, and runs no collector").doesNotExist();
    }

    @Test
    void rawPreviewExportAndStatusFromThePackagedJar() throws Exception {
        Process raw = start(workDir.resolve("raw.log"), "preview", "--raw", "--report-id",
                "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b", "--generated-at", "2026-11-23T10:00:00Z");
        byte[] gzip = raw.getInputStream().readAllBytes();
        assertThat(raw.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(raw.exitValue()).isZero();
        JsonNode previewed = new ObjectMapper().readTree(new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(gzip)));
        assertThat(previewed.get("reportId").asText()).isEqualTo("3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b");
        assertThat(previewed.get("generatedAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(workDir.resolve("data/installation-id")).as("a preview writes nothing").doesNotExist();

        Process export = start(workDir.resolve("export.log"), "export", "out/report.json.gz");
        assertThat(export.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(export.exitValue()).isZero();
        String exported = new String(export.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        byte[] file = Files.readAllBytes(workDir.resolve("out/report.json.gz"));
        JsonNode sidecar = new ObjectMapper().readTree(workDir.resolve("out/report.json.gz.json").toFile());
        assertThat(sidecar.get("sha256").asText()).isEqualTo(io.ceip.agent.outbox.DeliveryLedger.sha256(file));
        assertThat(sidecar.get("bytes").asInt()).isEqualTo(file.length);
        assertThat(exported).startsWith("Report " + sidecar.get("reportId").asText() + " exported to ");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                workDir.resolve("out/report.json.gz")))).isEqualTo("rw-------");

        Path again = workDir.resolve("export-again.log");
        Process exportAgain = start(again, "export", "out/report.json.gz");
        assertThat(exportAgain.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(exportAgain.exitValue()).as("an export never overwrites").isEqualTo(1);
        assertThat(Files.readAllLines(again)).filteredOn(line -> line.startsWith("ceip-agent: ")).containsExactly(
                "ceip-agent: " + workDir.toRealPath().resolve("out/report.json.gz") + " already exists: an export"
                        + " writes a new file only, never over an existing one");
        assertThat(Files.readAllBytes(workDir.resolve("out/report.json.gz"))).isEqualTo(file);

        Map<String, String> unreachable = Map.of("CEIP_DATABASE_URL", "jdbc:h2:tcp://127.0.0.1:1/nothing",
                "CEIP_ENDPOINT_URL", "https://127.0.0.1:1/v1/reports");
        Process status = start(workDir.resolve("status.log"), unreachable, "status");
        assertThat(status.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(status.exitValue()).isZero();
        String shown = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shown).contains("installation ID: " + new ObjectMapper().readTree(new java.util.zip.GZIPInputStream(
                        new java.io.ByteArrayInputStream(file))).get("installationId").asText())
                .contains("consent:         basic (from config:ceip.consent.default)")
                .contains("last attempt:    none recorded\n") // an export is no delivery attempt
                .contains("dead letters:    0 pending, 0 rejected");
    }

    @Test
    void killDashNineDuringASlowDeliveryLosesNothing() throws Exception {
        TestCertificates certificates = TestCertificates.localhost();
        try (TestHttpsServer server = TestHttpsServer.start(certificates, 0)) {
            server.reply(TestHttpsServer.Reply.delayed(30_000));
            Map<String, String> env = Map.of("CEIP_COLLECTOR_ENABLED", "false",
                    "CEIP_ENDPOINT_URL", server.url(),
                    "CEIP_ENDPOINT_TRUST_STORE", certificates.writePem(workDir.resolve("server.pem")).toString(),
                    "CEIP_DEAD_LETTER_REPLAY_PERIOD", "500");
            Process first = start(workDir.resolve("first.log"), env, "run");
            agent = first;
            await().atMost(Duration.ofSeconds(90)).until(() -> server.received().size() == 1);
            String reportId = server.received().get(0).header("Idempotency-Key");

            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(workDir.resolve("data/dead-letter/" + reportId + ".json.gz")).as("on disk").exists();

            Map<String, String> restart = new java.util.HashMap<>(env);
            restart.put("CEIP_SCHEDULE_ENABLED", "false");
            agent = start(workDir.resolve("second.log"), restart, "run");
            await().atMost(Duration.ofSeconds(90)).until(() -> server.received().size() == 2);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !Files.exists(workDir.resolve("data/dead-letter/" + reportId + ".json.gz")));

            assertThat(server.received()).extracting(r -> r.header("Idempotency-Key")).containsOnly(reportId);
            assertThat(server.received().get(1).rawBody()).isEqualTo(server.received().get(0).rawBody());
            assertThat(io.ceip.agent.outbox.DeliveryLedger.read(workDir.resolve("data/ledger.log")))
                    .extracting(io.ceip.agent.outbox.DeliveryLedger.Entry::outcome).containsExactly("HTTP_202");
        }
    }

    @Test
    void versionAndUnknownCommands() throws Exception {
        Process version = start(workDir.resolve("version.log"), "--version");
        assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).isZero();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("ceip-agent ");

        Process help = start(workDir.resolve("help.log"), "--help");
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("run", "preview", "export", "status");

        // "run" (and no argument) starts without picocli: a failure must read the same
        for (String command : List.of("status", "run")) {
            Path log = workDir.resolve("config-" + command + ".log");
            Process missingConfig = start(log, Map.of("CEIP_CONFIG", "no/such.properties"), command);
            assertThat(missingConfig.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(missingConfig.exitValue()).as(command).isEqualTo(1);
            assertThat(Files.readAllLines(log)).as(command).singleElement().asString()
                    .isEqualTo("ceip-agent: configuration file no/such.properties (from ceip.config or CEIP_CONFIG)"
                            + " does not exist");
        }

        for (String[] wrong : new String[][] { { "frobnicate" }, { "preview", "--colour" } }) {
            Path log = workDir.resolve("wrong.log");
            Process unknown = start(log, wrong);
            assertThat(unknown.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(unknown.exitValue()).isEqualTo(2);
            assertThat(Files.readAllLines(log)).singleElement().asString().startsWith("ceip-agent: ")
                    .contains(wrong[wrong.length - 1]);
        }

        // started from a directory without routes/: one line says what is missing and where it was looked for
        Path elsewhere = Files.createDirectories(workDir.resolve("elsewhere")).toRealPath();
        Path log = workDir.resolve("no-routes.log");
        Process noRoutes = start(elsewhere, log, Map.of("CEIP_COLLECTOR_ENABLED", "false"), "run");
        assertThat(noRoutes.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(noRoutes.exitValue()).isEqualTo(1);
        assertThat(Files.readAllLines(log)).filteredOn(line -> line.startsWith("ceip-agent: ")).containsExactly(
                "ceip-agent: routes does not exist (looked for in the working directory " + elsewhere
                        + "; run from the installation's or the repository's root, or with bin/ceip-agent)");
    }

    @Test
    void theDemoWithoutTheCollectorsJarStopsWithOneLine() throws Exception {
        // the two jars and lib/, without demo-lib/ (the collector and what it needs)
        Path copied = Files.createDirectories(workDir.resolve("copied"));
        Files.copy(JAR, copied.resolve("ceip-agent.jar"));
        Files.copy(JAR.resolveSibling("ceip-agent-demo.jar"), copied.resolve("ceip-agent-demo.jar"));
        Files.createDirectories(copied.resolve("lib"));
        try (Stream<Path> lib = Files.list(JAR.resolveSibling("lib"))) {
            for (Path file : lib.toList()) {
                Files.copy(file, copied.resolve("lib").resolve(file.getFileName()));
            }
        }
        Path log = workDir.resolve("no-collector.log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                copied.resolve("ceip-agent.jar").toString(), "run");
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CEIP_") || name.equals("DO_NOT_TRACK"));
        builder.environment().put("CEIP_COLLECTOR_PORT", Integer.toString(port));
        Process noCollector = builder.start();
        assertThat(noCollector.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(noCollector.exitValue()).isEqualTo(1);
        assertThat(Files.readAllLines(log)).filteredOn(line -> line.startsWith("ceip-agent: ")).containsExactly(
                "ceip-agent: ceip.collector.enabled=true needs the collector's jar (demo-lib/ceip-collector.jar"
                        + " beside ceip-agent-demo.jar), which is not installed: build it as the README says, or"
                        + " set ceip.collector.enabled=false");
        assertThat(Files.readString(log)).doesNotContain("NoClassDefFoundError").doesNotContain("\tat ");
    }

    private Process start(Path log, String... args) throws IOException {
        return start(log, Map.of(), args);
    }

    private Process start(Path log, Map<String, String> extraEnv, String... args) throws IOException {
        return start(workDir, log, extraEnv, args);
    }

    private Process start(Path directory, Path log, Map<String, String> extraEnv, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(directory.toFile()).redirectError(log.toFile());
        if (args[0].equals("run")) {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("CEIP_") || name.equals("DO_NOT_TRACK"));
        env.put("CEIP_COLLECTOR_PORT", Integer.toString(port));
        env.put("CEIP_ENDPOINT_URL", "https://localhost:" + port + "/v1/reports");
        env.put("CEIP_SCHEDULE_INITIAL_DELAY", "500");
        env.putAll(extraEnv);
        return builder.start();
    }

    /** The collector's demo token of its fleet view (collector/README.md). */
    private static final String FLEET_TOKEN = "ceip-fleet-demo-token-0123";

    private static SSLContext trusting(Path pem) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(io.ceip.agent.tls.TlsContexts.loadTrustStore(pem, java.util.Optional.empty()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    static {
        assertThat(new File(JAR.toString())).as("run mvn package first").exists();
    }
}
