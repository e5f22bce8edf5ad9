package io.ceip.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.agent.support.ShippedFiles;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes under camel-main's own {@code org.apache.camel.main.Main}, without the agent's command line:
 * {@code java -cp 'target/ceip-agent.jar:target/lib/*' org.apache.camel.main.Main} from a directory holding the
 * shipped {@code routes/} and {@code config/}. Camel's Main reads the jar's {@code application.properties}
 * ({@code camel.main.configuration-classes}, {@code camel.main.routes-include-pattern}); CeipConfiguration adds the
 * configuration file and the embedded defaults; a report reaches a loopback HTTPS server.
 */
class PlainCamelMainIT {

    @TempDir
    Path workDir;

    private Process main;

    @AfterEach
    void stop() throws InterruptedException {
        if (main != null && main.isAlive()) {
            main.destroyForcibly();
            main.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void camelsOwnMainRunsTheRoutesThroughToADeliveredReport() throws Exception {
        ShippedFiles.copyTo(workDir);
        Path config = workDir.resolve("config/application.properties");
        Files.writeString(config, Files.readString(config)
                .replace("ceip.product.name=Demo Monitoring", "ceip.product.name=Product Under Plain Main"));
        TestCertificates certificates = TestCertificates.localhost();
        try (TestHttpsServer server = TestHttpsServer.start(certificates, 0)) {
            Path log = workDir.resolve("main.log");
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    DistributionIT.TARGET.resolve("ceip-agent.jar") + ":" + DistributionIT.TARGET.resolve("lib") + "/*",
                    "org.apache.camel.main.Main")).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("CEIP_") || name.equals("DO_NOT_TRACK"));
            env.put("CEIP_DATABASE_DEMO_DATA", "false");
            env.put("CEIP_COLLECTOR_ENABLED", "false");
            env.put("CEIP_ENDPOINT_URL", server.url());
            env.put("CEIP_ENDPOINT_TRUST_STORE", certificates.writePem(workDir.resolve("collector.pem")).toString());
            env.put("CEIP_SCHEDULE_INITIAL_DELAY", "500");
            main = builder.start();

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(log).contains("delivered: HTTP 202") || !main.isAlive());
            String output = Files.readString(log);
            assertThat(output).as("Camel's Main's log").contains("delivered: HTTP 202")
                    .contains("Apache Camel 4.18.0 (ceip-agent) started");
            assertThat(server.received()).hasSize(1);
            assertThat(server.received().get(0).json()).as("the configuration file was read too")
                    .contains("Product Under Plain Main");
            assertThat(output.lines().filter(line -> line.contains("CeipConfiguration - ceip-agent ")).count())
                    .as("the agent's configuration ran once").isEqualTo(1);
        }
    }
}
