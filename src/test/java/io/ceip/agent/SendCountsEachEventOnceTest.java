package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer.Received;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ceip-agent send} and the product events: alone (the daily timer's way), it reads the spool before it reports,
 * so the events spooled when it started leave with its report; beside the running agent, it leaves the events to it
 * (they live in the agent's memory too), so no event is counted twice at the collector.
 */
class SendCountsEachEventOnceTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full", "ceip.events.poll-interval", "100",
                "ceip.events.catalog-file", "config/events.yaml");
    }

    private final LogCapture log = LogCapture.attach();

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
        log.close();
    }

    /** {@code send}'s configuration: the data directory {@code data}, delivering to this test's collector. */
    private void sendConfiguration(Path data, String... more) throws Exception {
        Path config = Files.writeString(newTempDirectory().resolve("send.properties"), String.join("\n", more) + "\n"
                + String.join("\n",
                "ceip.data.directory=" + data, "ceip.consent.default=full", "ceip.events.poll-interval=100",
                "ceip.events.catalog-file=config/events.yaml", "ceip.database.demo-data=false",
                "ceip.database.url=jdbc:h2:mem:send-" + UUID.randomUUID(), "ceip.collector.enabled=false",
                "ceip.endpoint.url=" + server().url(), "ceip.endpoint.trust-store="
                        + trusted().writePem(newTempDirectory().resolve("trusted.pem")), ""));
        System.setProperty("ceip.config", config.toString());
    }

    /**
     * {@code lines} spooled and counted by the running agent (the spool file read and deleted), then {@code send}'s
     * configuration on its data directory with {@code more}; answers the running agent's window file.
     */
    private Path countedByTheRunningAgent(String lines, String... more) throws Exception {
        Path file = hand(dataDirectory().resolve("events"), "a.jsonl", lines);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(file)); // counted by the running agent
        sendConfiguration(dataDirectory(), more);
        return dataDirectory().resolve("events-aggregate.json.gz");
    }

    private static final String OPENED = "{\"type\":\"feature\",\"name\":\"dashboards.open\"}";

    /** What a product does: write under another name, then rename. */
    private static Path hand(Path spool, String name, String line) throws Exception {
        Files.createDirectories(spool);
        Path temp = Files.writeString(spool.resolve(name + ".tmp"), line + "\n");
        return Files.move(temp, spool.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private long counted(String feature) {
        return server().received().stream().map(Received::json).map(AgentTestSupport::parse)
                .mapToLong(report -> report.at("/features/events/" + feature).asLong()).sum();
    }

    @Test
    void sendAloneReadsTheSpoolBeforeItReports() throws Exception {
        Path data = newTempDirectory().resolve("data");
        Path file = hand(data.resolve("events"), "a.jsonl", "{\"type\":\"feature\",\"name\":\"dashboards.open\"}");
        sendConfiguration(data);

        Result send = run("send");

        assertThat(send.code()).as(send.err()).isZero();
        assertThat(file).as("read and deleted").doesNotExist();
        JsonNode report = parse(server().received().get(0).json());
        assertThat(report.at("/features/events").toString()).isEqualTo("{\"dashboards.open\":1}");
    }

    @Test
    void sendBesideTheRunningAgentLeavesItTheEvents() throws Exception {
        Path spool = dataDirectory().resolve("events");
        countedByTheRunningAgent(OPENED);

        Result send = run("send");

        assertThat(send.code()).as(send.err()).isZero();
        assertThat(log.all()).contains("The running agent owns the product events: this report carries none (they go"
                + " with its next report)").doesNotContain("preview shows them"); // preview's line, not send's
        assertThat(counted("dashboards.open")).as("send's report").isZero();

        Path second = hand(spool, "b.jsonl", "{\"type\":\"feature\",\"name\":\"reports.export\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(second));
        runReportCycle();
        JsonNode report = parse(server().received().get(server().received().size() - 1).json());
        assertThat(report.at("/features/events").toString())
                .isEqualTo("{\"dashboards.open\":1,\"reports.export\":1}");
        assertThat(counted("dashboards.open")).as("once in all").isEqualTo(1);
    }

    /**
     * {@code preview} beside the running agent shows the events the agent counted, as it last wrote its window
     * ({@code data/events-aggregate.json.gz}), since a vendor trying the spool looks for them there first; it takes
     * none of them and changes no file: the running agent's next report carries each once.
     */
    @Test
    void previewBesideTheRunningAgentShowsItsEvents() throws Exception {
        Path window = countedByTheRunningAgent(OPENED + "\n" + OPENED);
        byte[] written = Files.readAllBytes(window);

        Result preview = run("preview");

        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(parse(preview.out()).at("/features/events").toString()).isEqualTo("{\"dashboards.open\":2}");
        assertThat(log.all()).contains("The running agent owns the product events: they go with its next report;"
                + " this preview shows them as it last wrote them (" + OwnerOnlyFiles.shown(window) + ")");
        assertThat(Files.readAllBytes(window)).as("the window's file, unchanged").isEqualTo(written);
        runReportCycle();
        assertThat(counted("dashboards.open")).as("the running agent's report, once").isEqualTo(2);
    }

    /**
     * A withdrawal the running agent has not acted on yet (here: its window file as it was before {@code consent off}
     * then {@code full}, put back) is not shown by a {@code preview} beside it, which changes no file either.
     */
    @Test
    void previewBesideTheRunningAgentShowsNoWindowCountedBeforeAWithdrawal() throws Exception {
        Path window = countedByTheRunningAgent(OPENED);
        byte[] counted = Files.readAllBytes(window);
        assertThat(run("consent", "off").code()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(window)); // the agent dropped it
        assertThat(run("consent", "full").code()).isZero();
        Files.write(window, counted);

        Result preview = run("preview");

        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(parse(preview.out()).at("/features/events").isMissingNode()).as(preview.out()).isTrue();
        assertThat(Files.readAllBytes(window)).as("left as it is").isEqualTo(counted);
    }

    /**
     * A window file that is not one the agent wrote, beside the running agent: {@code preview} shows no events, says so
     * in one line naming the file (never its content) and leaves it; {@code export}, which never reads it, says nothing
     * of it.
     */
    @Test
    void aDamagedWindowBesideTheRunningAgentIsOneLineOfPreviewAndLeftAsItIs() throws Exception {
        Path window = countedByTheRunningAgent(OPENED);
        byte[] damaged = "planted-not-gzip hunter2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(window, damaged);

        Result preview = run("preview");
        Result export = run("export", newTempDirectory().resolve("report.json.gz").toString());

        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(parse(preview.out()).at("/features/events").isMissingNode()).as(preview.out()).isTrue();
        String line = "Events: " + OwnerOnlyFiles.shown(window) + " is not a valid aggregate";
        assertThat(log.all()).doesNotContain("hunter2");
        assertThat(log.all().split(java.util.regex.Pattern.quote(line), -1)).as("once: preview's, not export's")
                .hasSize(2);
        assertThat(Files.readAllBytes(window)).as("left as it is").isEqualTo(damaged);
    }

    /**
     * A {@code send} whose configuration reads no spool (the product hands its events over the HTTP intake, which a
     * one-shot never opens) still leaves the running agent's window alone: it may not seal what it does not own.
     */
    @Test
    void sendThatReadsNoSpoolBesideTheRunningAgentLeavesItTheEventsToo() throws Exception {
        countedByTheRunningAgent(OPENED, "ceip.events.enabled=false");

        assertThat(run("send").code()).isZero();

        assertThat(counted("dashboards.open")).as("send's report").isZero();
        runReportCycle();
        assertThat(counted("dashboards.open")).as("once in all").isEqualTo(1);
    }

    /** {@code export} (the next report to a file, for upload by hand) beside the running agent takes none either. */
    @Test
    void exportBesideTheRunningAgentLeavesItTheEvents() throws Exception {
        countedByTheRunningAgent(OPENED);
        Path exported = newTempDirectory().resolve("report.json.gz");

        Result export = run("export", exported.toString());

        assertThat(export.code()).as(export.err()).isZero();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(exported))) {
            JsonNode report = parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(report.at("/features/events/dashboards.open").isMissingNode()).as(report.toString()).isTrue();
        }
        runReportCycle();
        assertThat(counted("dashboards.open")).as("the running agent's report").isEqualTo(1);
    }
}
