package io.ceip.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes under {@code mvn camel:run} (camel-maven-plugin, camel-main's own {@code org.apache.camel.main.Main} in
 * Maven's JVM), as docs/operations.md "Under Camel's own runtime" has it: the demo off, a collector named with
 * {@code -Dceip.endpoint.url}. A nested Maven (this build's own: {@code maven.home}, its local repository, offline
 * when this build is) runs the goal on this project's compiled classes (Failsafe runs after package). The plugin's
 * {@code -Dcamel.durationIdle=2} ends it once nothing has been in flight for 2 s, that is after the start-up report
 * (camel-main skips the idle check while an exchange is in flight); {@code -Dcamel.duration=120} bounds it should that
 * never happen; {@code -Dcamel.cleanupDaemonThreads=false} spares the 15 s the plugin would otherwise wait for H2's
 * background threads after Camel has stopped. The report reaches a loopback HTTPS server and Maven exits 0. The
 * plugin is downloaded by the nested build when the local repository lacks it (online), or taken from it (offline).
 */
class CamelMavenPluginRunIT {

    @TempDir
    Path workDir;

    private Process maven;

    @AfterEach
    void stop() throws InterruptedException {
        if (maven != null && maven.isAlive()) {
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly();
            maven.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void mvnCamelRunDeliversOneReportAndEndsByItself() throws Exception {
        TestCertificates certificates = TestCertificates.localhost();
        try (TestHttpsServer server = TestHttpsServer.start(certificates, 0)) {
            List<String> command = new ArrayList<>(List.of(mavenExecutable(), "-B", "-q"));
            if (Boolean.getBoolean("maven.offline")) {
                command.add("-o");
            }
            String repository = System.getProperty("maven.repo.local", "");
            if (!repository.isBlank()) {
                command.add("-Dmaven.repo.local=" + repository);
            }
            command.addAll(List.of("camel:run",
                    // as documented
                    "-Dceip.database.demo-data=false", "-Dceip.collector.enabled=false",
                    "-Dceip.endpoint.url=" + server.url(),
                    // the test's collector, data directory and a prompt first report
                    "-Dceip.endpoint.trust-store=" + certificates.writePem(workDir.resolve("collector.pem")),
                    "-Dceip.data.directory=" + workDir.resolve("data"), "-Dceip.schedule.initial-delay=200",
                    // ends by itself once idle (after the start-up report), at the latest after 120 s
                    "-Dcamel.durationIdle=2", "-Dcamel.duration=120", "-Dcamel.cleanupDaemonThreads=false"));
            Path log = workDir.resolve("camel-run.log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("CEIP_") || name.equals("DO_NOT_TRACK"));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            maven = builder.start();

            assertThat(maven.waitFor(180, TimeUnit.SECONDS)).as("mvn camel:run ended by itself").isTrue();
            String output = Files.readString(log);
            assertThat(maven.exitValue()).as("mvn camel:run's exit code; its output:%n%s", output).isZero();
            assertThat(output).contains("Apache Camel 4.18.0 (ceip-agent) started").contains("delivered: HTTP 202")
                    .as("ended by the idle check, not the bound").contains("Duration max idle triggering shutdown");
            assertThat(server.received()).hasSize(1);
            assertThat(server.received().get(0).json()).as("the configuration file was read too")
                    .contains("Demo Monitoring");
        }
    }

    /** This build's Maven ({@code maven.home}, set by the pom's Failsafe configuration), else {@code mvn} on the PATH. */
    private static String mavenExecutable() {
        String home = System.getProperty("maven.home", "");
        return home.isBlank() ? "mvn" : Path.of(home, "bin", "mvn").toString();
    }
}
