package io.ceip.agent.events;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spool the agent can read but not delete in (the product's own directory the agent's group may only read, a
 * sticky shared directory): each file is counted once and left. Before, every poll said two lines for each such file
 * (an INFO that it "was counted before a restart", untrue, and a WARN that it cannot be deleted), and the identities
 * of the counted files grew past the 20,000 that the aggregate file is read back with: at the next start the agent's
 * own file was refused as not valid, the window (20,001 events) dropped, and every file still in the spool counted
 * again. Now no new file is read while 20,000 counted ones cannot be deleted (one WARN line), the window survives a
 * restart whole, each delete failure is said once until a delete works again, and once the spool can be emptied the
 * counted files are deleted unread and the rest read.
 */
class EventSpoolThatCannotBeEmptiedIT {

    private static final String EXPORT = "{\"type\":\"feature\",\"name\":\"reports.export\"}\n";
    private static final int FILES = AggregateReader.MAX_CONSUMED + 1;

    @TempDir
    Path data;
    private Path spool;

    private EventStore store() {
        EventStore store = new EventStore(data.resolve("events-aggregate.json.gz"), spool,
                EventSpoolContractTest.CATALOG, 100, 100, Optional::empty);
        store.load();
        return store;
    }

    private EventSpool spool(EventStore store) {
        return new EventSpool(spool, store, new EventRecorder(EventSpoolContractTest.CATALOG), 1 << 20, 1000);
    }

    /** One poll over every {@code *.jsonl} file (as a max-files-per-poll that large would read them). */
    private long poll(EventSpool reader, List<Path> files) {
        files.forEach(file -> reader.consume(file.toString()));
        return reader.endOfPoll();
    }

    /** Nothing can be deleted in the spool: as root (the tests' user) append-only, else without write permission. */
    private void undeletable(boolean on) throws Exception {
        io.ceip.agent.support.Undeletable.set(spool, on);
    }

    @AfterEach
    void deletable() throws Exception {
        if (spool != null) {
            undeletable(false);
        }
    }

    @Test
    void countedFilesThatCannotBeDeletedAreCountedOnceAcrossARestartAndSaidOnce() throws Exception {
        spool = Files.createDirectories(data.resolve("events"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            files.add(Files.writeString(spool.resolve("e-" + i + ".jsonl"), EXPORT));
        }
        undeletable(true);
        try (LogCapture log = LogCapture.attach()) {
            EventSpool reader = spool(store());
            poll(reader, files);
            poll(reader, files);

            EventStore restarted = store();
            assertThat(restarted.peek().features()).as("the window, read back after a restart")
                    .containsExactly(Map.entry("reports.export", (long) AggregateReader.MAX_CONSUMED));
            EventSpool again = spool(restarted);
            assertThat(poll(again, files)).as("nothing counted twice after the restart").isZero();
            assertThat(restarted.peek().features()).containsExactly(Map.entry("reports.export",
                    (long) AggregateReader.MAX_CONSUMED));
            assertThat(log.shown()).doesNotContain("not a valid aggregate");
            assertThat(log.shown().lines().filter(line -> line.contains("cannot be deleted (")).count())
                    .as("said once per process, not per file and poll").isLessThanOrEqualTo(2);
            assertThat(log.shown().lines().filter(line -> line.contains("no new file is read")).count())
                    .isLessThanOrEqualTo(2);
            assertThat(log.shown().lines().count()).as("lines in all, for 3 polls of %d files", FILES)
                    .isLessThan(20);

            undeletable(false);
            assertThat(poll(again, files)).as("the one file not counted yet").isEqualTo(1);
            assertThat(Files.list(spool).count()).as("the counted files deleted unread, the last read").isZero();
            assertThat(restarted.peek().features()).containsExactly(Map.entry("reports.export", (long) FILES));
        }
    }
}
