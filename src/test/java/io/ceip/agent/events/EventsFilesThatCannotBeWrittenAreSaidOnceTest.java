package io.ceip.agent.events;

import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.ConsentSettingFile;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A directory planted in the data directory where the events stage writes its own files ({@code consent-level},
 * {@code events-aggregate.json.gz}) is one WARN line naming the file and what is wrong, and again only once the
 * cause changed or went away, however many polls. Before, every poll (every 5 s, 17,280 a day) wrote a WARN line:
 * "consent-level cannot be written (UncheckedIOException)", below full consent "events-aggregate.json.gz cannot be
 * removed", and at full "the aggregate cannot be flushed (UncheckedIOException)", none saying what was wrong. The
 * spool's files still wait unread until the window can be written, then are counted once.
 */
class EventsFilesThatCannotBeWrittenAreSaidOnceTest {

    private static final int POLLS = 5;
    private static final String EXPORT = "{\"type\":\"feature\",\"name\":\"reports.export\"}\n";

    @TempDir
    Path data;

    private EventSpoolPoll poll(ConsentLevel level, EventSpool[] spool) throws Exception {
        ConsentPolicy consent = new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")), null,
                level, 3, new ConsentAudit(data.resolve("consent-audit.log"), Clock.systemUTC()));
        Path directory = Files.createDirectories(data.resolve("events"));
        EventStore store = new EventStore(data.resolve("events-aggregate.json.gz"), directory,
                EventSpoolContractTest.CATALOG, 100, 100, consent.audit()::eventsSince);
        spool[0] = new EventSpool(directory, store, new EventRecorder(EventSpoolContractTest.CATALOG), 1 << 20, 1000);
        return new EventSpoolPoll(consent, new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME)), spool[0]);
    }

    /** Polls {@code POLLS} times, each reading the spool files there are (as the route hands them). */
    private static void polls(EventSpoolPoll poll, EventSpool spool) throws Exception {
        for (int i = 0; i < POLLS; i++) {
            int read = 0;
            if (poll.begin(null, null)) {
                try (var files = Files.list(spool.directory())) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                        spool.consume(file.toString());
                        read++;
                    }
                }
            }
            poll.commit(null, null, read);
        }
    }

    private static long count(LogCapture log, String text) {
        return log.shown().lines().filter(line -> line.contains(text)).count();
    }

    @Test
    void aDirectoryInPlaceOfTheConsentLevelFileIsSaidOnce() throws Exception {
        Path planted = Files.createDirectories(data.resolve(ConsentLevelFile.NAME).resolve("x"));
        EventSpool[] spool = new EventSpool[1];
        EventSpoolPoll poll = poll(ConsentLevel.FULL, spool);
        try (LogCapture log = LogCapture.attach()) {
            polls(poll, spool[0]);
            assertThat(count(log, "consent-level cannot be written")).as("over %d polls", POLLS).isEqualTo(1);
            assertThat(log.shown()).contains("consent-level cannot be written (a directory, not a regular file)");

            Files.delete(planted);
            Files.delete(planted.getParent());
            polls(poll, spool[0]);
            assertThat(data.resolve(ConsentLevelFile.NAME)).content().isEqualTo("full\n");
            assertThat(count(log, "consent-level is written again")).isEqualTo(1);
        }
    }

    @Test
    void aDirectoryInPlaceOfTheAggregateBelowFullIsSaidOnce() throws Exception {
        Path planted = Files.createDirectories(data.resolve("events-aggregate.json.gz").resolve("x"));
        EventSpool[] spool = new EventSpool[1];
        EventSpoolPoll poll = poll(ConsentLevel.BASIC, spool);
        try (LogCapture log = LogCapture.attach()) {
            polls(poll, spool[0]);
            assertThat(count(log, "events-aggregate.json.gz cannot be removed")).as("over %d polls", POLLS)
                    .isEqualTo(1);
            assertThat(log.shown()).contains("events-aggregate.json.gz cannot be removed (a directory, not a"
                    + " regular file)");

            Files.delete(planted);
            polls(poll, spool[0]);
            assertThat(data.resolve("events-aggregate.json.gz")).doesNotExist();
        }
    }

    @Test
    void aDirectoryInPlaceOfTheAggregateAtFullIsSaidOnceAndTheSpoolWaits() throws Exception {
        Path planted = Files.createDirectories(data.resolve("events-aggregate.json.gz").resolve("x"));
        EventSpool[] spool = new EventSpool[1];
        EventSpoolPoll poll = poll(ConsentLevel.FULL, spool);
        Path file = Files.writeString(data.resolve("events").resolve("a.jsonl"), EXPORT.repeat(3));
        try (LogCapture log = LogCapture.attach()) {
            polls(poll, spool[0]);
            polls(poll, spool[0]);
            assertThat(count(log, "cannot be flushed")).as("over %d polls", 2 * POLLS).isEqualTo(1);
            assertThat(log.shown()).contains("events-aggregate.json.gz: a directory, not a regular file");
            assertThat(file).as("kept, unread").exists();

            Files.delete(planted);
            Files.delete(planted.getParent());
            polls(poll, spool[0]);
            assertThat(file).doesNotExist();
            assertThat(spool[0].accepted()).as("counted once").isEqualTo(3);
        }
    }
}
