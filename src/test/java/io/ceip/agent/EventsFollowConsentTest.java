package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.support.AgentTestSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consent governs the events: with consent off the spool is emptied unread and the aggregate a previous run kept is
 * removed; the product can read the level in {@code consent-level}, written at start and at each change; at full the
 * spool is read; back to basic, what was counted is dropped and no report carries events.
 */
class EventsFollowConsentTest extends AgentTestSupport {

    private static final String LINE = "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n";

    @Override
    protected Properties overrides() {
        try {
            Path spool = Files.createDirectories(dataDirectory().resolve("events"));
            Files.writeString(spool.resolve("old-1.jsonl"), LINE);
            Files.writeString(spool.resolve("old-2.jsonl"), LINE.repeat(3));
            Files.write(dataDirectory().resolve("events-aggregate.json.gz"), new byte[] { 31, -117, 8, 0 });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return with("ceip.consent.default", "off", "ceip.events.poll-interval", "100");
    }

    private String level() throws IOException {
        return Files.readString(dataDirectory().resolve("consent-level"));
    }

    @Test
    void offDeletesUnreadFullReadsBasicDrops() throws Exception {
        EventSpool spool = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        Path spoolDirectory = dataDirectory().resolve("events");
        Path aggregate = dataDirectory().resolve("events-aggregate.json.gz");

        await().atMost(Duration.ofSeconds(20)).until(() -> spool.deletedUnread() == 2);
        assertThat(spoolDirectory.resolve("old-1.jsonl")).doesNotExist();
        assertThat(spoolDirectory.resolve("old-2.jsonl")).doesNotExist();
        assertThat(aggregate).doesNotExist();
        assertThat(spool.accepted()).isZero();
        assertThat(level()).isEqualTo("off\n");

        ConsentPolicy consent = context.getRegistry().lookupByNameAndType("consentPolicy", ConsentPolicy.class);
        consent.set(ConsentLevel.FULL);
        await().atMost(Duration.ofSeconds(20)).until(() -> level().equals("full\n"));
        // handed over as the spool's contract says (written, then renamed): the agent polls every 100 ms
        Path written = Files.writeString(spoolDirectory.resolve(".new.jsonl.tmp"), LINE.repeat(2));
        Files.move(written, spoolDirectory.resolve("new.jsonl"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(20)).until(() -> spool.accepted() == 2);
        assertThat(aggregate).exists();

        consent.set(ConsentLevel.BASIC);
        await().atMost(Duration.ofSeconds(20)).until(() -> level().equals("basic\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(aggregate));
        runReportCycle();
        String report = server().received().get(0).json();
        assertThat(parse(report).get("consentLevel").asText()).isEqualTo("basic");
        assertThat(report).doesNotContain("dashboards.open").doesNotContain("\"errors\"")
                .doesNotContain("\"durations\"");
    }
}
