package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.support.AgentTestSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consent was withdrawn (the audit log's last change is to off) and the agent stopped; at its start consent is full
 * again (here ceip.consent.default), which the start's decision audits before it tells the product full
 * ({@code consent-level}): nobody told the product full under the new consent before, so what the spool holds was
 * written before and is deleted unread, whatever its time. Before, the start told the product full and the first poll
 * judged the file by its last-modified time alone: one dated after the new consent (the product's clock ahead, a
 * touch) was counted.
 */
class EventsSpooledBeforeAStartThatGivesConsentAnewNeverCountTest extends AgentTestSupport {

    private Path before;

    @Override
    protected Properties overrides() {
        try { // the data directory as the stopped agent left it, before this start
            Instant now = Instant.now();
            Files.writeString(dataDirectory().resolve("consent-audit.log"), now.minusSeconds(600)
                    + " none -> full source=config:ceip.consent.default\n" + now.minusSeconds(300)
                    + " full -> off source=runtime-setting\n");
            Path spool = Files.createDirectories(dataDirectory().resolve("events"));
            before = Files.writeString(spool.resolve("before.jsonl"),
                    "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n");
            Files.setLastModifiedTime(before, FileTime.from(now.plus(Duration.ofHours(1))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return with("ceip.consent.default", "full", "ceip.events.poll-interval", "100");
    }

    @Test
    void aFileSpooledBeforeTheStartIsDeletedUnreadWhateverItsTime() throws Exception {
        EventSpool spool = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(before));

        assertThat(spool.accepted()).as("events counted").isZero();
        assertThat(spool.deletedUnread()).isEqualTo(1);
        assertThat(Files.readString(dataDirectory().resolve("consent-audit.log"))).contains(" off -> full ");
        assertThat(Files.readString(dataDirectory().resolve("consent-level"))).isEqualTo("full\n");
    }
}
