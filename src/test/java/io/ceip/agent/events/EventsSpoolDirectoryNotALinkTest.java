package io.ceip.agent.events;

import io.ceip.agent.support.AgentStarts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s21 events L2: a spool directory that is a symbolic link was read through the link at full consent (Camel
 * follows it) but never emptied below full (the spool's own code follows no link), so events written while consent
 * was basic or off left at the next full. Now the start stops with one line naming {@code ceip.events.directory}, and
 * what the link points to is left as it was; a spool under a linked parent is the spool itself, and starts.
 */
class EventsSpoolDirectoryNotALinkTest {

    @TempDir
    Path dir;

    @Test
    void aLinkedSpoolStopsTheStartAndItsTargetIsUntouched() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path elsewhere = Files.createDirectories(dir.resolve("real-events"));
        Path written = Files.writeString(elsewhere.resolve("written-while-off.jsonl"), "{\"type\":\"feature\"}\n");
        Path link = Files.createSymbolicLink(data.resolve("events"), elsewhere);

        assertStartStopsSaying(AgentStarts.agent(data, null, Map.of("ceip.consent.default", "off")),
                "ceip.events.directory " + link + " is a symbolic link: the agent reads and empties the spool itself"
                        + " and follows no link there (point ceip.events.directory at the directory it links to)");

        assertThat(written).exists();
    }

    @Test
    void theSpoolsTargetItselfStarts() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path elsewhere = Files.createDirectories(dir.resolve("real-events"));
        Files.createSymbolicLink(data.resolve("events"), elsewhere);
        var main = AgentStarts.agent(data, null, Map.of("ceip.consent.default", "off",
                "ceip.events.directory", elsewhere.toString()));
        try {
            main.start();
            assertThat(main.getCamelContext().getRouteController().getRouteStatus("ceip-events").isStarted()).isTrue();
        } finally {
            main.stop();
        }
    }

    @Test
    void aLinkedSpoolIsNoMatterWhenTheSpoolIsNotRead() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createSymbolicLink(data.resolve("events"), Files.createDirectories(dir.resolve("real-events")));
        var main = AgentStarts.agent(data, null, Map.of("ceip.consent.default", "off", "ceip.events.enabled",
                "false"));
        try {
            main.start();
            assertThat(main.getCamelContext().getRouteController().getRouteStatus("ceip-events").isStopped()).isTrue();
        } finally {
            main.stop();
        }
    }
}
