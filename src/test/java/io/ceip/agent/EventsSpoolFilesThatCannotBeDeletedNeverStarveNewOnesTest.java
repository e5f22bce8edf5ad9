package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.Undeletable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A spool the agent may read but not delete in (the product's own directory): each file is counted once and stays.
 * The route's polls took such files as their {@code ceip.events.max-files-per-poll}, in the directory's own order, and
 * skipped them: once more counted files than that stood before a new one in that order, the new one was never read
 * (here 40 counted files, 2 a poll). Now a counted file never takes a poll's place: it is tried for deletion and
 * passed over while the spool is listed, and new files are read whatever their place.
 */
class EventsSpoolFilesThatCannotBeDeletedNeverStarveNewOnesTest extends AgentTestSupport {

    private static final String OPEN = "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n";
    private static final int COUNTED = 40;

    @Override
    protected Properties overrides() {
        try {
            Path spool = Files.createDirectories(spool());
            for (int i = 0; i < COUNTED; i++) {
                Files.writeString(spool.resolve("counted-" + i + ".jsonl"), OPEN);
            }
            Undeletable.set(spool, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return with("ceip.consent.default", "full", "ceip.events.poll-interval", "100",
                "ceip.events.max-files-per-poll", "2", "ceip.events.catalog-file", "config/events.yaml");
    }

    private Path spool() {
        return dataDirectory().resolve("events");
    }

    @AfterEach
    void deletable() throws Exception {
        Undeletable.set(spool(), false);
    }

    @Test
    void newFilesAreReadBesideCountedFilesThatCannotBeDeleted() throws Exception {
        EventSpool spool = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> spool.accepted() == COUNTED);

        for (int i = 0; i < 5; i++) { // written in place: a rename out of its temporary name is a delete here
            Files.writeString(spool().resolve("new-" + i + ".jsonl"), OPEN);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> spool.accepted() == COUNTED + 5);
        try (var files = Files.list(spool())) {
            assertThat(files.count()).as("every file stays: none can be deleted").isEqualTo(COUNTED + 5);
        }
    }
}
