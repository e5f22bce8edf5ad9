package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
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
        for (String dir : List.of("routes", "config")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                Files.createDirectories(workDir.resolve(dir));
                for (Path file : files.toList()) {
                    Files.copy(file, workDir.resolve(dir).resolve(file.getFileName()));
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
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
        assertThat(output).doesNotContain("Exception");
        assertThat(report.at("/product/name").asText()).as("the config file wins over the embedded defaults")
                .isEqualTo("Product From The Config File");
        assertThat(report.at("/environment/agentVersion").asText()).as("embedded default").isNotBlank();

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
    void versionAndUnknownCommands() throws Exception {
        Process version = start(workDir.resolve("version.log"), "--version");
        assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).isZero();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("ceip-agent ");

        Process unknown = start(workDir.resolve("unknown.log"), "frobnicate");
        assertThat(unknown.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).isNotZero();
        assertThat(Files.readString(workDir.resolve("unknown.log"))).contains("frobnicate");
    }

    private Process start(Path log, String command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(), command));
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectError(log.toFile());
        if (command.equals("run")) {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("CEIP_") || name.equals("DO_NOT_TRACK"));
        env.put("CEIP_COLLECTOR_PORT", Integer.toString(port));
        env.put("CEIP_ENDPOINT_URL", "https://localhost:" + port + "/v1/reports");
        env.put("CEIP_SCHEDULE_INITIAL_DELAY", "500");
        return builder.start();
    }

    static {
        assertThat(new File(JAR.toString())).as("run mvn package first").exists();
    }
}
