package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.events.EventsOwnership;
import io.ceip.agent.support.ShippedFiles;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent as a process, from a working directory holding the shipped {@code routes/} and {@code config/}: a preview
 * prints the report alone (no Camel chatter) and creates nothing on disk, the demo database included; {@code status}
 * without a configuration file warns that the demo defaults are in effect; a first start explains itself in one
 * block; a stop by SIGTERM exits 0; a refused start is its one line, without camel-main's "JVM shutdown hook
 * triggered by SIGTERM" after it.
 */
class OneShotProcessesIT {

    @TempDir
    Path workDir;

    @Test
    void previewPrintsOnlyTheReportWithTheGivenIdAndTimeAndCreatesNothing() throws Exception {
        ShippedFiles.copyTo(workDir);
        Process preview = start(Map.of(), "preview", "--report-id", "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b",
                "--generated-at", "2026-11-23T10:00:00Z");
        String stdout = new String(preview.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(preview.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(preview.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(preview.exitValue()).as(stderr).isZero();
        JsonNode report = new ObjectMapper().readTree(stdout);
        assertThat(report.get("reportId").asText()).isEqualTo("3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b");
        assertThat(report.get("generatedAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(report.at("/usage/hosts").asLong()).as("the demo data, counted in memory").isEqualTo(12);
        assertThat(stderr.lines()).containsExactly(
                "ceip-agent: no installation ID yet: the one shown is made for this preview only; the first report"
                        + " makes and keeps the installation's own",
                "ceip-agent: no pseudonym salt yet: the pseudonyms shown (p:…) are made for this preview only; the"
                        + " first report that carries one makes and keeps the installation's own",
                "ceip-agent: the demo database does not exist yet: its demo data was counted in memory (a preview"
                        + " creates no file); the first report creates it");
        assertThat(workDir.resolve("data")).as("no data directory, no database file").doesNotExist();
    }

    /**
     * Run with the running agent's environment (as {@code docker exec} does), a preview still opens no port: the
     * environment turns the events intake and remote JMX on, on ports the running agent holds, and the one-shot's
     * overrides win (it stopped with "port … is in use"); the environment's other settings still apply.
     */
    @Test
    void previewWithTheRunningAgentsEnvironmentOpensNoPort() throws Exception {
        ShippedFiles.copyTo(workDir);
        try (ServerSocket intake = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket jmx = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket management = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // the management server as operations.md turns it on, in the file every command reads
            Files.writeString(workDir.resolve("config/application.properties"), "\ncamel.management.enabled=true\n"
                    + "camel.management.port=" + management.getLocalPort() + "\n", StandardOpenOption.APPEND);
            Process preview = start(Map.of("CEIP_EVENTS_HTTP_ENABLED", "true",
                    "CEIP_EVENTS_HTTP_PORT", Integer.toString(intake.getLocalPort()),
                    "CEIP_JMX_REMOTE_ENABLED", "true", "CEIP_JMX_REMOTE_PORT", Integer.toString(jmx.getLocalPort()),
                    "CEIP_CONSENT_DEFAULT", "full"), "preview");
            String stdout = new String(preview.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(preview.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(preview.waitFor(120, TimeUnit.SECONDS)).isTrue();

            assertThat(preview.exitValue()).as(stderr).isZero();
            assertThat(stderr).doesNotContain("BindException").doesNotContain("\tat ");
            assertThat(new ObjectMapper().readTree(stdout).get("consentLevel").asText())
                    .as("CEIP_CONSENT_DEFAULT still applies").isEqualTo("full");
        }
    }

    /**
     * Beside the running demo agent, which holds the demo database (H2 lets one process open a file; this test's JVM
     * holds it here), a preview counts the demo data in memory and says why: it showed the database unavailable and
     * the report partial. With consent off the note is not printed: nothing is collected.
     */
    @Test
    void aPreviewBesideTheRunningDemoAgentCountsTheDemoDataInMemory() throws Exception {
        ShippedFiles.copyTo(workDir);
        Files.createDirectories(workDir.resolve("data"));
        try (java.sql.Connection agent = java.sql.DriverManager.getConnection("jdbc:h2:file:"
                + workDir.resolve("data/demo-product"), "sa", "")) {
            Process preview = start(Map.of(), "preview");
            String stdout = new String(preview.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(preview.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(preview.waitFor(120, TimeUnit.SECONDS)).isTrue();

            assertThat(preview.exitValue()).as(stderr).isZero();
            JsonNode report = new ObjectMapper().readTree(stdout);
            assertThat(report.at("/usage/hosts").asLong()).isEqualTo(12);
            assertThat(report.get("partial").asBoolean()).isFalse();
            assertThat(stderr).contains("ceip-agent: the demo database is in use by the running agent (H2 lets one"
                    + " process open it): its demo data was counted in memory").doesNotContain("unavailable");

            Process off = start(Map.of("DO_NOT_TRACK", "1"), "preview");
            off.getInputStream().readAllBytes();
            String offErr = new String(off.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(off.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(offErr).doesNotContain("demo data");
            assertThat(agent.isValid(1)).isTrue();
        }
    }

    /**
     * {@code DO_NOT_TRACK=1} given to one command beside the running agent (which holds the installation's events:
     * their lock, held here by this test's JVM) applies to that command alone: it sends and exports nothing, and the
     * audit log, which the running agent writes too, does not record a withdrawal the installation never made (it
     * wrote {@code basic -> off source=environment:DO_NOT_TRACK} while the agent went on at basic). With no agent
     * running, the command is the installation's agent for its run (the daily timer's {@code send}): it wrote
     * {@code off} to {@code data/consent-level} and emptied the events spool without a word in the audit log
     * (newcomer s21); now that withdrawal is recorded, and the next {@code send} without the switch records the way back.
     */
    @Test
    void aCommandsOwnDoNotTrackIsAuditedOnlyWhenNoAgentHoldsTheInstallation() throws Exception {
        ShippedFiles.copyTo(workDir);
        Process consent = start(Map.of(), "consent", "basic");
        assertThat(consent.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(consent.exitValue()).isZero();
        Path audit = workDir.resolve("data/consent-audit.log");
        List<String> before = Files.readAllLines(audit);
        assertThat(before).singleElement().asString().endsWith(" none -> basic source=runtime-setting;by=cli:"
                + System.getProperty("user.name"));

        Path lock = Files.createFile(workDir.resolve("data").resolve(EventsOwnership.NAME),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
                FileLock running = channel.lock()) {
            for (String[] command : new String[][] { { "send" }, { "export", workDir.resolve("r.gz").toString() } }) {
                assertThat(finish(start(Map.of("DO_NOT_TRACK", "1"), command))).as(command[0]).isNotZero();
            }
        }
        assertThat(Files.readAllLines(audit)).isEqualTo(before);
        assertThat(workDir.resolve("r.gz")).doesNotExist();

        assertThat(finish(start(Map.of("DO_NOT_TRACK", "1"), "send"))).as("no agent running: the timer's send")
                .isEqualTo(5);
        assertThat(Files.readAllLines(audit)).hasSize(2).last().asString()
                .endsWith(" basic -> off source=environment:DO_NOT_TRACK");
        assertThat(workDir.resolve("data/consent-level")).content().isEqualToIgnoringWhitespace("off");

        // an administrator whose shell has DO_NOT_TRACK=1 gives consent: the installation's change
        Process full = start(Map.of("DO_NOT_TRACK", "1"), "consent", "full");
        String answer = new String(full.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        full.getErrorStream().readAllBytes();
        assertThat(full.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(full.exitValue()).isZero();
        assertThat(answer).contains("Consent set to full; effective: full")
                .contains("this shell's DO_NOT_TRACK/CEIP_DISABLED switches off only the commands run from it");
        List<String> after = Files.readAllLines(audit);
        assertThat(after).hasSize(3).startsWith(before.get(0));
        assertThat(after.get(2)).endsWith(" off -> full source=runtime-setting;by=cli:"
                + System.getProperty("user.name"));
    }

    /** Waits for {@code process} to end, reading away its output; its exit code. */
    private static int finish(Process process) throws Exception {
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        // what the command said, in the test's output: an exit code alone did not tell why (a 1 for a 5, once)
        System.out.printf("command exit %d%nout: %s%nerr: %s%n", process.exitValue(),
                new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        return process.exitValue();
    }

    @Test
    void statusWithoutAConfigurationFileWarnsThatTheDemoDefaultsAreInEffect() throws Exception {
        Process status = start(Map.of(), "status");
        String stdout = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(status.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(status.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(status.exitValue()).isZero();
        Path expected = workDir.toRealPath().resolve("config/application.properties");
        assertThat(stdout).contains("configuration:   none (" + expected + " does not exist): embedded demo defaults")
                .contains("schedule:        '0 0 3 * * ?' moved by an offset").doesNotContain("INFO");
        assertThat(stderr.lines()).containsExactly("ceip-agent: warning: no configuration file at " + expected
                + ": the embedded demo defaults are in effect (reports go to the embedded collector); name one with"
                + " -Dceip.config=FILE or CEIP_CONFIG=FILE");
        assertThat(workDir.resolve("data")).doesNotExist();
    }

    @Test
    void aFirstStartExplainsItselfAndSigtermStopsWithExitCodeZero() throws Exception {
        ShippedFiles.copyTo(workDir);
        Path log = workDir.resolve("agent.log");
        Process agent = start(Map.of("CEIP_CONSENT_DEFAULT", "off", "CEIP_COLLECTOR_ENABLED", "false"), log, "run");
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(log).contains("(ceip-agent) started"));
            String output = Files.readString(log);
            assertThat(output).contains("First start: no report made yet\n  consent:      off (from ")
                    .contains("\n  sent:         nothing: while consent is off nothing is collected")
                    .contains("\n  first report: none while consent is off\n")
                    .contains("\n  preview:      ceip-agent preview")
                    .contains("\n  turn off:     ceip-agent consent off");

            agent.destroy(); // SIGTERM
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.exitValue()).as("an orderly stop, not the JVM's 143").isZero();
            assertThat(Files.readString(log)).contains("(ceip-agent) shutdown");
        } finally {
            agent.destroyForcibly();
        }
    }

    /**
     * The running agent owns the product events ({@code data/events.lock}): an agent started while another process
     * holds them (a {@code send} to a slow collector, here a first agent) does not fail its start after a while; it
     * says why it waits, and starts as soon as the other lets go.
     */
    @Test
    void anAgentStartedWhileAnotherHoldsTheEventsWaitsThenStarts() throws Exception {
        Path secondLog = workDir.resolve("second.log");
        Process first = null;
        Process second = null;
        try {
            first = agentHoldingTheEvents();
            second = agentWaitingForTheEvents(secondLog);
            assertThat(second.isAlive()).isTrue();
            assertThat(Files.readString(secondLog)).doesNotContain("(ceip-agent) started");

            first.destroy();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(secondLog).contains("(ceip-agent) started"));
            assertThat(Files.readString(secondLog)).doesNotContain("neither read nor sent");
            second.destroy();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            stop(first, second);
        }
    }

    /**
     * An agent waiting for the product events (a second agent on the same data directory waits for good) stops at
     * once on SIGTERM, with exit code 0 and one line, as a running one does: it waited for camel-main's stop timeout
     * (60 s) and exited 143, so a service manager's stop (or a newcomer's {@code kill}) hung.
     */
    @Test
    void anAgentWaitingForTheEventsStopsAtOnceOnSigterm() throws Exception {
        Path secondLog = workDir.resolve("second.log");
        Process first = null;
        Process second = null;
        try {
            first = agentHoldingTheEvents();
            second = agentWaitingForTheEvents(secondLog);

            second.destroy();
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("stopped well before camel-main's 60 s").isTrue();
            assertThat(second.exitValue()).isZero();
            assertThat(Files.readString(secondLog)).contains("Stopped while waiting for the product events")
                    .doesNotContain("(ceip-agent) started").doesNotContain("\tat ");
            assertThat(first.isAlive()).as("the first agent runs on").isTrue();
        } finally {
            stop(first, second);
        }
    }

    private static final Map<String, String> FULL_UNSCHEDULED = Map.of("CEIP_CONSENT_DEFAULT", "full",
            "CEIP_COLLECTOR_ENABLED", "false", "CEIP_DATABASE_DEMO_DATA", "false", "CEIP_SCHEDULE_ENABLED", "false");

    /** The shipped files in {@code workDir}, and an agent on them once it says it started (owning the events). */
    private Process agentHoldingTheEvents() throws Exception {
        ShippedFiles.copyTo(workDir);
        Path log = workDir.resolve("first.log");
        Process first = start(FULL_UNSCHEDULED, log, "run");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.readString(log).contains("(ceip-agent) started"));
        return first;
    }

    /** A second agent on the same data directory, once it says it waits for the product events. */
    private Process agentWaitingForTheEvents(Path log) throws Exception {
        Process second = start(FULL_UNSCHEDULED, log, "run");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.readString(log).contains("Waiting for the product events of"));
        return second;
    }

    private static void stop(Process... processes) {
        for (Process process : processes) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void aRefusedStartIsItsOneLineWithoutAShutdownHookClaimingASignal() throws Exception {
        ShippedFiles.copyTo(workDir);
        Path typo = workDir.resolve("typo.properties");
        Files.writeString(typo, Files.readString(workDir.resolve("config/application.properties"))
                + "ceip.retry.multiplir=2\n");
        // a bad setting (refused by the settings check) and a missing file (refused while the routes are made)
        for (Map<String, String> environment : List.of(Map.of("CEIP_CONFIG", typo.toString()),
                Map.of("CEIP_COLLECT_QUERIES_FILE", "/nonexistent/queries.yaml"))) {
            Process agent = start(environment, "run");
            String stdout = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(agent.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(agent.waitFor(120, TimeUnit.SECONDS)).isTrue();

            assertThat(agent.exitValue()).isEqualTo(1);
            assertThat(stderr.lines()).singleElement().asString().startsWith("ceip-agent: ")
                    .containsAnyOf("ceip.retry.multiplir", "/nonexistent/queries.yaml");
            assertThat(stdout).as("no signal came: camel-main's hook says nothing").doesNotContain("SIGTERM")
                    .doesNotContain("shutdown hook").doesNotContain("is shutdown").doesNotContain("\tat ");
        }
    }

    private Process start(Map<String, String> environment, String... args) throws IOException {
        return start(environment, null, args);
    }

    /** The agent from the test's class path in {@code workDir}; output and errors to {@code log} when given. */
    private Process start(Map<String, String> environment, Path log, String... args) throws IOException {
        ProcessBuilder builder = CommandLineRun.process(workDir, environment, args);
        if (log != null) {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        return builder.start();
    }
}
