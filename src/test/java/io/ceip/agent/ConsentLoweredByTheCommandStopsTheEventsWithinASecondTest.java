package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.events.EventSpoolPoll;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ceip-agent consent off} or {@code basic} beside the running agent (a process of its own, as an administrator
 * runs it; here in this JVM over the agent's data directory) takes effect for the product events within a second, not
 * at the spool's next poll (here an hour away): the events accepted over real HTTP at full are dropped with their
 * file, and a poll that decided full before the command and ends after it adds nothing of what it read. Before, the
 * window stayed on disk until the next poll (with the spool off and the HTTP intake on, until the next request, which
 * a product told off never sends), and after a {@code basic} the poll in progress added its events under basic. A
 * {@code data/consent} made damaged by hand tells the product {@code off} within a second as well, and drops nothing.
 */
class ConsentLoweredByTheCommandStopsTheEventsWithinASecondTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
    private int port;

    @Override
    protected Properties overrides() {
        port = FreePort.next();
        return with("ceip.consent.default", "full", "ceip.events.http.enabled", "true",
                "ceip.events.http.port", Integer.toString(port), "ceip.events.poll-interval", "3600000");
    }

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void consentOff() throws Exception {
        lowerWithTheCommand("off");
    }

    @Test
    void consentBasic() throws Exception {
        lowerWithTheCommand("basic");
    }

    private void lowerWithTheCommand(String level) throws Exception {
        EventSpoolPoll polls = context.getRegistry().lookupByNameAndType("eventSpoolPoll", EventSpoolPoll.class);
        EventSpool spool = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        assertThat(polls.awaitCaughtUp(Duration.ofSeconds(20))).as("the route's first poll is over").isTrue();
        Path aggregate = dataDirectory().resolve(EventsConfiguration.AGGREGATE_FILE);
        assertThat(EventsHttpIntakeTest.postSampleLines(dataDirectory(), port).statusCode()).isEqualTo(202);
        assertThat(aggregate).as("accepted at full").exists();
        // a poll decides full and reads a file; the command runs before it ends
        Path read = Files.writeString(dataDirectory().resolve("events/read.jsonl"), EventsSpoolRouteTest.SAMPLE + "\n");
        assertThat(polls.mayRead()).isTrue();
        assertThat(spool.consume(read.toString())).isEqualTo(7);

        consentCommand(level);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(aggregate).as("the window counted at full is dropped").doesNotExist());
        assertThat(spool.endOfPoll()).as("the poll in progress adds nothing").isZero();
        assertThat(held(aggregate)).as("the window file (the read file's identity only) holds no event")
                .doesNotContain("dashboards.open").doesNotContain("deploy");
        assertThat(dataDirectory().resolve("consent-level")).content().isEqualTo(level + "\n");
        assertThat(EventsHttpIntakeTest.postSampleLines(dataDirectory(), port).statusCode()).isEqualTo(403);
    }

    @Test
    void aDamagedSettingTellsTheProductOffAndKeepsTheWindow() throws Exception {
        EventSpoolPoll polls = context.getRegistry().lookupByNameAndType("eventSpoolPoll", EventSpoolPoll.class);
        assertThat(polls.awaitCaughtUp(Duration.ofSeconds(20))).as("the route's first poll is over").isTrue();
        Path aggregate = dataDirectory().resolve(EventsConfiguration.AGGREGATE_FILE);
        assertThat(EventsHttpIntakeTest.postSampleLines(dataDirectory(), port).statusCode()).isEqualTo(202);

        Files.writeString(dataDirectory().resolve("consent"), "s3cret-word 3\n");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(dataDirectory().resolve("consent-level")).content().isEqualTo("off\n"));
        assertThat(aggregate).as("undecided withdraws nothing").exists();
        assertThat(EventsHttpIntakeTest.postSampleLines(dataDirectory(), port).statusCode()).isEqualTo(503);
        assertThat(log.all()).as("what the file holds is never quoted").doesNotContain("s3cret-word");
    }

    /** What the events' window file holds (gunzipped), or nothing when there is none. */
    static String held(Path aggregate) throws IOException {
        if (!Files.exists(aggregate)) {
            return "";
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(aggregate))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code ceip-agent consent <level>}, run in this JVM over the running agent's data directory. */
    private void consentCommand(String level) throws Exception {
        Path config = Files.writeString(dataDirectory().resolveSibling("command-" + UUID.randomUUID() + ".properties"),
                String.join("\n", "ceip.data.directory=" + dataDirectory(), "ceip.consent.default=full",
                        "ceip.events.http.enabled=true", "ceip.database.url=jdbc:h2:mem:command-" + UUID.randomUUID(),
                        "ceip.collector.enabled=false", ""));
        System.setProperty("ceip.config", config.toString());
        assertThat(run("consent", level).code()).isZero();
    }
}
