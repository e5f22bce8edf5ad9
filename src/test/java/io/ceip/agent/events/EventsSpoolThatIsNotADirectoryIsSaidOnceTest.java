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
 * A regular file planted where the spool directory belongs ({@code data/events}) is one WARN line naming the path and
 * what lies there, however many polls, and one INFO line once the spool is a directory again (made by the next poll).
 * Before, every poll at full consent (every 5 s) wrote "the spool … cannot be created (FileAlreadyExistsException)".
 */
class EventsSpoolThatIsNotADirectoryIsSaidOnceTest {

    private static final int POLLS = 5;

    @TempDir
    Path data;

    @Test
    void aFileInPlaceOfTheSpoolIsSaidOnceAndTheSpoolMadeOnceItIsGone() throws Exception {
        ConsentPolicy consent = new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")), null,
                ConsentLevel.FULL, 3, new ConsentAudit(data.resolve("consent-audit.log"), Clock.systemUTC()));
        Path planted = Files.writeString(data.resolve("events"), "not a directory");
        EventStore store = new EventStore(data.resolve("events-aggregate.json.gz"), planted,
                EventSpoolContractTest.CATALOG, 100, 100, consent.audit()::eventsSince);
        EventSpool spool = new EventSpool(planted, store, new EventRecorder(EventSpoolContractTest.CATALOG), 1 << 20,
                1000);
        EventSpoolPoll poll = new EventSpoolPoll(consent, new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME)),
                spool);
        try (LogCapture log = LogCapture.attach()) {
            for (int i = 0; i < POLLS; i++) {
                poll.begin(null, null);
                poll.commit(null, null, 0);
            }
            assertThat(log.shown().lines().filter(line -> line.contains("the spool " + planted))).as("over %d polls",
                    POLLS).singleElement().asString().contains("a regular file, not a directory");

            Files.delete(planted);
            poll.begin(null, null);
            poll.commit(null, null, 0);
            assertThat(planted).isDirectory();
            assertThat(log.shown()).contains("Events: the spool " + planted + " is a directory again");
        }
    }
}
