package io.ceip.agent;

import io.ceip.agent.config.Settings;
import io.ceip.agent.events.EventCatalog;
import io.ceip.agent.events.EventRecorder;
import io.ceip.agent.events.EventSpool;
import io.ceip.agent.events.EventStore;
import io.ceip.agent.events.SpoolBacklog;
import io.ceip.agent.ops.StatusReport;
import io.ceip.agent.support.AgentTestSupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hidden file of the spool is the product's, still being written (docs/events.md: write under a name starting with a
 * dot, then rename), even when its name ends in {@code .jsonl} ({@code .events-7.jsonl}): the agent never reads it
 * (Camel's file consumer skips hidden files), so it neither deletes it nor says it waits. Before, the spool's glob
 * {@code *.jsonl} matched hidden names too: below full consent each poll deleted the product's file mid-write (its
 * rename then failed), {@code status} said "2 spool file(s) waiting" and {@code preview} "2 event spool file(s) …
 * they go with the next report" for one file the agent would read.
 */
class SpoolHiddenFilesLeftAloneAndNotCountedTest extends AgentTestSupport {

    private static final String EXPORT = "{\"type\":\"feature\",\"name\":\"reports.export\"}\n";

    @Override
    protected Properties overrides() {
        Properties properties = new Properties();
        properties.setProperty("ceip.consent.default", "full"); // the running agent reads the spool: hidden files stay
        properties.setProperty("ceip.events.poll-interval", "600000");
        return properties;
    }

    @Test
    void hiddenSpoolFilesAreNeitherDeletedBelowFullNorCountedAsWaiting() throws Exception {
        Path spool = Files.createDirectories(dataDirectory().resolve("events"));
        Path writing = Files.writeString(spool.resolve(".events-7.jsonl"), EXPORT);

        String status = new StatusReport(new Settings(key -> context.getPropertiesComponent().resolveProperty(key)),
                Optional.empty(), Path.of("config/application.properties"), Clock.systemUTC()).render();
        assertThat(status).contains("0 spool file(s) waiting in");
        assertThat(SpoolBacklog.note(spool)).as("preview's note").isEmpty();

        Path handed = Files.writeString(spool.resolve("events-8.jsonl"), EXPORT);
        assertThat(SpoolBacklog.note(spool)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("1 event spool file(s) in ");

        // consent below full: the spool is emptied of what the product handed over, never of what it is writing
        Path other = Files.createDirectories(newTempDirectory().resolve("spool"));
        Files.copy(writing, other.resolve(writing.getFileName()));
        Files.copy(handed, other.resolve(handed.getFileName()));
        EventCatalog catalog = new EventCatalog(Set.of("reports.export"), Set.of(), List.of("com.vendor"));
        EventStore store = new EventStore(other.resolve("aggregate.json.gz"), other, catalog, 10, 10, Optional::empty);
        EventSpool belowFull = new EventSpool(other, store, new EventRecorder(catalog), 1 << 20, 1000);
        assertThat(belowFull.deleteUnread()).isEqualTo(1);
        assertThat(other.resolve(handed.getFileName())).doesNotExist();
        assertThat(other.resolve(writing.getFileName())).as("the product's file being written").exists();
    }
}
