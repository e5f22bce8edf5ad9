package io.ceip.agent.events;

import io.ceip.agent.privacy.ConsentLevel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent that started below full (its start, or a poll, told the product off or basic) tells the product full
 * only at its first full decision: every spool file then was written while the product was told off or basic (a
 * product that did not wait), whatever its time, and is deleted unread. Before, that first decision since start
 * judged the files by their times alone, as if someone else had told the product full before this process, so a file
 * written under off and dated after the new consent was counted.
 */
class SpoolFilesWrittenWhileTheAgentToldOffNeverCountTest {

    private static final String EXPORT = "{\"type\":\"feature\",\"name\":\"reports.export\"}\n";
    private static final String OPEN = "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n";

    @TempDir
    Path data;

    private Path spooled(String name, String lines, Instant time) throws Exception {
        Files.createDirectories(data.resolve("events"));
        Path file = Files.writeString(data.resolve("events").resolve(name), lines);
        Files.setLastModifiedTime(file, FileTime.from(time));
        return file;
    }

    @Test
    void aFileWrittenWhileTheAgentToldOffIsDeletedUnreadAtItsFirstFullDecision() throws Exception {
        EventsParts.consent(data).set(ConsentLevel.OFF);
        EventsParts agent = new EventsParts(data);
        assertThat(agent.poll.mayRead()).as("the product is told off").isFalse();
        assertThat(Files.readString(data.resolve(ConsentLevelFile.NAME))).contains("off");
        Path underOff = spooled("under-off.jsonl", EXPORT, Instant.now().plus(Duration.ofHours(1)));

        EventsParts.consent(data).set(ConsentLevel.FULL); // the consent command, the agent running: audited there
        agent.poll(underOff);

        assertThat(agent.store.peek().features()).as("written while the product was told off").isEmpty();
        assertThat(underOff).doesNotExist();
        Path after = spooled("after.jsonl", OPEN, Instant.now().minus(Duration.ofDays(1)));
        agent.poll(after);
        assertThat(agent.store.seal().features()).as("written after the agent told the product full")
                .containsExactly(Map.entry("dashboards.open", 1L));
    }
}
