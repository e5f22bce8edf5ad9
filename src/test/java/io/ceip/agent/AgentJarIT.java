package io.ceip.agent;

import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.ShippedFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged artifact, as the README runs it: {@code java -jar target/ceip-agent.jar} from a directory holding
 * the shipped {@code routes/} and {@code config/}, with nothing else configured but a free collector port (from
 * the environment, which wins over the file) and a product name in the file (which wins over the defaults).
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

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.readString(log).contains("delivered: HTTP 202"));

        String output = Files.readString(log);
        assertThat(output).contains("Embedded collector: report").contains("received and stored at");
        Path collector = workDir.resolve("data/collector");
        List<Path> stored;
        try (Stream<Path> files = Files.list(collector)) {
            stored = files.toList();
        }
        assertThat(stored).hasSize(1);
        JsonNode report = new ObjectMapper().readTree(stored.get(0).toFile());
        assertThat(report.at("/usage/hosts").asLong()).isEqualTo(12);
        assertThat(report.at("/database/vendor").asText()).isEqualTo("h2");
        assertThat(output).doesNotContain("Exception").contains("Health: readiness UP (context, data-directory");
        assertThat(report.at("/product/name").asText()).as("the config file wins over the embedded defaults")
                .isEqualTo("Product From The Config File");
        assertThat(report.at("/environment/agentVersion").asText()).as("embedded default").isNotBlank();
        Map<String, String> permissions = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(workDir.resolve("data"))) {
            for (Path file : files.toList()) {
                permissions.put(workDir.relativize(file).toString(), java.nio.file.attribute.PosixFilePermissions
                        .toString(Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)));
            }
        }
        assertThat(permissions).as("the agent's files are its user's alone, H2's demo database included")
                .containsKeys("data", "data/installation-id", "data/ledger.log", "data/demo-product.mv.db",
                        "data/tls/collector.p12", "data/tls/collector.p12.password", "data/collector")
                .allSatisfy((path, mode) -> assertThat(mode).as(path)
                        .isEqualTo(Files.isDirectory(workDir.resolve(path)) ? "rwx------" : "rw-------"));

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
        assertThat(workDir.resolve("data/collector")).doesNotExist();
        assertThat(workDir.resolve("data/dead-letter")).doesNotExist();
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
                .contains("last attempt:").contains(sidecar.get("reportId").asText() + " EXPORTED")
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
                "ceip-agent: routes does not exist (looked for in the working directory " + elsewhere + ")");
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

    static {
        assertThat(new File(JAR.toString())).as("run mvn package first").exists();
    }
}
