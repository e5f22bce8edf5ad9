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
 * Review s21 events M1: Camel's file consumer lists every entry of the spool into memory (hidden temp files a crashing
 * product leaked too), and about 1.2 M entries exhausted the heap at every poll. Past its bound (here 50, in the agent
 * {@value EventSpoolPoll#MAX_ENTRIES}) a poll lists nothing, with one WARN line naming the spool, however many polls;
 * once the spool is back under its bound it is read.
 */
class EventSpoolPollCrowdedSpoolTest {

    private static final int BOUND = 50;

    @TempDir
    Path data;

    @Test
    void aSpoolPastItsBoundIsNotListedUntilItIsBackUnder() throws Exception {
        ConsentPolicy consent = new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")), null,
                ConsentLevel.FULL, 2, new ConsentAudit(data.resolve("consent-audit.log"), Clock.systemUTC()));
        Path spool = Files.createDirectories(data.resolve("events"));
        EventStore store = new EventStore(data.resolve("events-aggregate.json.gz"), spool,
                EventSpoolContractTest.CATALOG, 100, 100, consent.audit()::lastWithdrawal);
        EventSpoolPoll poll = new EventSpoolPoll(consent, new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME)),
                new EventSpool(spool, store, new EventRecorder(EventSpoolContractTest.CATALOG), 1 << 20, 1000),
                BOUND);
        Path handed = Files.writeString(spool.resolve("a.jsonl"), "{\"type\":\"feature\",\"name\":\"reports.export\"}\n");
        for (int i = 1; i < BOUND; i++) {
            Files.createFile(spool.resolve(".events-" + i + ".jsonl.tmp"));
        }
        assertThat(poll.begin(null, null)).as("%d entries: listed", BOUND).isTrue();
        Path last = Files.createFile(spool.resolve(".events-" + BOUND + ".jsonl.tmp"));

        try (LogCapture log = LogCapture.attach()) {
            for (int i = 0; i < 5; i++) {
                assertThat(poll.begin(null, null)).as("%d entries: not listed", BOUND + 1).isFalse();
            }
            assertThat(log.shown().lines().filter(line -> line.contains("is not read"))).singleElement()
                    .isEqualTo("io.ceip.agent.events.EventSpoolPoll Events: the spool " + spool + " is not read: it"
                            + " holds more than 50 entries (hidden and other names count too; listing them all would"
                            + " exhaust the heap): move or delete what is not the product's");
            assertThat(handed).as("nothing deleted").exists();
            assertThat(poll.awaitCaughtUp(java.time.Duration.ZERO)).as("send does not wait for it").isTrue();

            Files.delete(last);
            assertThat(poll.begin(null, null)).isTrue();
            assertThat(log.shown()).contains("Events: the spool's polls are back to normal");
        }
    }
}
