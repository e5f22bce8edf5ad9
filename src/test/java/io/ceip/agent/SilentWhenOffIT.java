package io.ceip.agent;

import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LookupRecorder;
import io.ceip.agent.support.RecordedJar;
import io.ceip.agent.support.ShippedFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Off means silent, for the packaged jar in a JVM of its own: from the JVM's first line (logging's start, Camel's JMX
 * naming) through a start-up report with consent off, and through {@code preview}, {@code export} and {@code status},
 * the agent asks the resolver for no name — not the endpoint's, not the machine's own — and opens no outbound
 * connection. The JVM runs with {@link LookupRecorder} as its security manager, which appends every lookup and
 * connection the JDK is asked for to a file; the file must stay absent. A control run (a report sent to a
 * {@code localhost} endpoint) shows that a lookup is seen.
 */
class SilentWhenOffIT {

    /** An endpoint that is a name: resolving it would be a lookup. */
    private static final String NAMED_ENDPOINT = "https://telemetry.vendor.example/v1/reports";

    @TempDir
    Path workDir;

    private Path lookups;
    private int collectorPort;
    private Process agent;

    @BeforeEach
    void copyShippedFilesAndTheRecorder() throws IOException {
        ShippedFiles.copyTo(workDir);
        lookups = workDir.resolve("lookups.txt");
        collectorPort = FreePort.next(); // 18443 may be taken on a shared machine
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRunWithConsentOffAsksForNoNameFromItsFirstLine() throws Exception {
        Path log = workDir.resolve("run.log");
        // the agent alone: the demo's embedded collector (the vendor's side, a server on loopback in this JVM) would show
        // its server asking the JDK for its own bound address, 127.0.0.1, which the recorder sees as a lookup
        agent = start(log, Map.of("CEIP_CONSENT_DEFAULT", "off", "CEIP_ENDPOINT_URL", NAMED_ENDPOINT,
                "CEIP_COLLECTOR_ENABLED", "false"), "run");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Files.readString(log))
                        .contains("Consent is off (from config:ceip.consent.default): nothing collected, nothing sent"));
        agent.destroy();
        assertThat(agent.waitFor(40, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readString(log)).contains("Health: readiness UP");
        assertThat(lookups).as("lookups and connections recorded").doesNotExist();
    }

    @Test
    void previewExportAndStatusAskForNoName() throws Exception {
        Map<String, String> env = Map.of("CEIP_ENDPOINT_URL", NAMED_ENDPOINT, "CEIP_COLLECTOR_ENABLED", "false");
        for (List<String> command : List.of(List.of("preview"), List.of("export", "next-report.gz"),
                List.of("status"))) {
            Process process = start(workDir.resolve(command.get(0) + ".log"), env, command.toArray(String[]::new));
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(command + ": " + Files.readString(workDir.resolve(command.get(0)
                    + ".log"))).isZero();
            assertThat(lookups).as("lookups and connections recorded by " + command).doesNotExist();
        }
        assertThat(workDir.resolve("next-report.gz")).isNotEmptyFile();
    }

    /** The control: the same harness sees the lookup of a named endpoint when a report is sent. */
    @Test
    void aReportSentToANamedEndpointIsSeen() throws Exception {
        Path log = workDir.resolve("control.log");
        agent = start(log, Map.of("CEIP_ENDPOINT_URL", "https://localhost:" + collectorPort + "/v1/reports"), "run");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Files.readString(log)).contains("delivered: HTTP 202"));
        assertThat(Files.readString(lookups)).contains("lookup localhost").contains("connect ");
    }

    private Process start(Path log, Map<String, String> extraEnv, String... args) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("CEIP_SCHEDULE_INITIAL_DELAY", "500", "CEIP_COLLECTOR_PORT",
                Integer.toString(collectorPort)));
        env.putAll(extraEnv);
        return RecordedJar.start(workDir, lookups, log, List.of(), env, args);
    }
}
