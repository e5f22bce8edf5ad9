package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.events.EventSpoolPoll;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's own setting ({@code ceip.consent.query}, a real H2 table) lowered from full to basic while a spool poll
 * that decided full is reading: the first decision that notices the lowering (here a request over the real HTTP
 * intake, answered 403) writes the one audit line of the change and drops, at that moment, what was counted at full and
 * what any read under full has not added yet, with one log line; the poll in progress then adds nothing. Before, the
 * request dropped the window only, and the poll added its events under basic, kept on disk until a later decision.
 */
class ConsentLoweredInTheProductDropsWhatWasReadUnderFullTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
    private int port;

    @Override
    protected Properties overrides() {
        port = FreePort.next();
        database().execute("CREATE TABLE product_option (option_key VARCHAR(50), option_value VARCHAR(20))",
                "INSERT INTO product_option VALUES ('send_statistics', 'full')");
        return with("ceip.consent.query",
                "SELECT option_value FROM product_option WHERE option_key = 'send_statistics'",
                "ceip.events.http.enabled", "true", "ceip.events.http.port", Integer.toString(port),
                "ceip.events.poll-interval", "3600000");
    }

    @Test
    void theFirstDecisionThatNoticesTheLoweringDropsWhatWasReadUnderFull() throws Exception {
        EventSpoolPoll polls = context.getRegistry().lookupByNameAndType("eventSpoolPoll", EventSpoolPoll.class);
        EventSpool spool = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        assertThat(polls.awaitCaughtUp(Duration.ofSeconds(20))).as("the route's first poll is over").isTrue();
        Path aggregate = dataDirectory().resolve(EventsConfiguration.AGGREGATE_FILE);
        assertThat(EventsHttpIntakeTest.postSampleLines(dataDirectory(), port).statusCode()).isEqualTo(202);
        Path read = Files.writeString(dataDirectory().resolve("events/read.jsonl"), EventsSpoolRouteTest.SAMPLE + "\n");
        assertThat(polls.mayRead()).isTrue();
        assertThat(spool.consume(read.toString())).isEqualTo(7);

        database().execute("UPDATE product_option SET option_value = 'basic'");
        assertThat(EventsHttpIntakeTest.postSampleLines(dataDirectory(), port).statusCode()).as("noticed")
                .isEqualTo(403);

        assertThat(aggregate).as("dropped when noticed").doesNotExist();
        assertThat(spool.endOfPoll()).as("the poll in progress adds nothing").isZero();
        assertThat(ConsentLoweredByTheCommandStopsTheEventsWithinASecondTest.held(aggregate))
                .as("the window file (the read file's identity only) holds no event")
                .doesNotContain("dashboards.open").doesNotContain("deploy");
        assertThat(Files.readAllLines(dataDirectory().resolve("consent-audit.log")))
                .filteredOn(line -> line.endsWith(" full -> basic source=product-setting")).hasSize(1);
        assertThat(log.all().lines().filter(line -> line.contains("consent is below full: the events counted at full"
                + " dropped unsent"))).as("one line").hasSize(1);
        assertThat(dataDirectory().resolve("consent-level")).content().isEqualTo("basic\n");
    }
}
