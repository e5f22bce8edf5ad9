package io.ceip.agent;

import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.ManagementServer;
import io.ceip.agent.support.ShippedFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metrics and the management server cost nothing when they are off (the default), for the packaged jar in a JVM of
 * its own, its class loading logged by the JVM ({@code -Xlog:class+load}): no Micrometer or Prometheus class, no
 * management server, no Vert.x or Netty server or event loop is loaded. (Camel loads the few Vert.x and Netty data
 * types that camel-platform-http-vertx's type converters name, whatever the settings: those are allowed.) The
 * control: the same harness with the management server and metrics on loads them and answers a scrape.
 */
class MetricsCostNothingWhenOffIT {

    private static final Path JAR = Path.of(System.getProperty("ceip.jar", "target/ceip-agent.jar")).toAbsolutePath();
    /** Classes of a server, an event loop or a meter registry. */
    private static final Pattern RUNNING_PARTS = Pattern.compile(" (io\\.micrometer\\.|io\\.prometheus\\."
            + "|org\\.apache\\.camel\\.component\\.micrometer\\.|org\\.apache\\.camel\\.component\\.platform\\.http\\.main\\."
            + "|io\\.vertx\\.ext\\.|io\\.vertx\\.core\\.http\\.|io\\.vertx\\.core\\.impl\\.|io\\.netty\\.channel\\.)\\S+");

    @TempDir
    Path workDir;

    private Process agent;

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void offByDefaultLoadsNoServerRegistryOrEventLoop() throws Exception {
        Path classes = run(List.of());
        List<String> loaded = matching(classes);
        assertThat(loaded).as("classes of the management server, Micrometer, Vert.x or Netty loaded when off")
                .isEmpty();
        assertThat(Files.readString(classes)).as("the log is the JVM's").contains(" io.ceip.agent.CeipAgent ");
    }

    @Test
    void theControlWithMetricsOnLoadsThemAndAnswersAScrape() throws Exception {
        ManagementServer management = new ManagementServer(FreePort.next());
        List<String> flags = new ArrayList<>();
        management.settings(true).forEach((key, value) -> flags.add("-D" + key + "=" + value));
        Path classes = run(flags, () -> assertThat(management.scrape()).contains("ceip_reports_delivered_total{destination=\"vendor\"} 0.0"));
        assertThat(matching(classes)).anyMatch(name -> name.startsWith("io.micrometer."))
                .anyMatch(name -> name.startsWith("org.apache.camel.component.platform.http.main."))
                .anyMatch(name -> name.startsWith("io.netty.channel."));
    }

    private Path run(List<String> flags) throws Exception {
        return run(flags, () -> { });
    }

    /** Runs the jar (consent off) until it is ready, does {@code whileRunning}, stops it; returns the class log. */
    private Path run(List<String> flags, ThrowingRunnable whileRunning) throws Exception {
        ShippedFiles.copyTo(workDir);
        Path log = workDir.resolve("run.log");
        Path classes = workDir.resolve("classes.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xlog:class+load=info:file=" + classes));
        command.addAll(flags);
        command.addAll(List.of("-jar", JAR.toString(), "run"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CEIP_") || name.startsWith("CAMEL_")
                || name.equals("DO_NOT_TRACK"));
        builder.environment().put("CEIP_CONSENT_DEFAULT", "off");
        // the agent alone: the demo's collector (the collector's single-node form) is a Vert.x server of its own
        builder.environment().put("CEIP_COLLECTOR_ENABLED", "false");
        agent = builder.start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Files.readString(log)).contains("Health: readiness UP"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(whileRunning::run);
        agent.destroy();
        assertThat(agent.waitFor(40, TimeUnit.SECONDS)).isTrue();
        return classes;
    }

    private static List<String> matching(Path classes) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(classes)) {
            var match = RUNNING_PARTS.matcher(line);
            if (match.find()) {
                names.add(match.group().trim());
            }
        }
        return names;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
