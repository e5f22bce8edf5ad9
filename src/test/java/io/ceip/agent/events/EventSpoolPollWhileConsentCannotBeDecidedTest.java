package io.ceip.agent.events;

import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.ConsentSettingFile;
import io.ceip.agent.support.LogCapture;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Review s21 events M5 and H2: a damaged {@code data/consent} (a {@code .pgpass} line pasted there) or a consent audit
 * log that cannot be read make consent undecidable. The spool's poll reads nothing and deletes nothing, with one WARN
 * line however many polls, and the consent-level file says off; the HTTP intake answers 503 as for any storage
 * failure, never a 500; no line ever holds what the consent file holds. Once the cause is gone the spool is read.
 */
class EventSpoolPollWhileConsentCannotBeDecidedTest {

    private static final String SECRET = "pghost:5432:product:ceip:S3cr3tPassw0rd";
    private static final String EXPORT = "{\"type\":\"feature\",\"name\":\"reports.export\"}\n";

    @TempDir
    Path data;

    private final class Agent {
        final ConsentPolicy consent = new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")),
                null, ConsentLevel.FULL, 2, new ConsentAudit(data.resolve("consent-audit.log"), Clock.systemUTC()));
        final EventStore store = new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"),
                EventSpoolContractTest.CATALOG, 100, 100, consent.audit()::lastWithdrawal);
        final EventSpool spool = new EventSpool(data.resolve("events"), store,
                new EventRecorder(EventSpoolContractTest.CATALOG), 1 << 20, 1000);
        final ConsentLevelFile levelFile = new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME));
        final EventSpoolPoll poll = new EventSpoolPoll(consent, levelFile, spool);
        final IntakeToken token = IntakeToken.loadOrCreate(data.resolve("events-token"));
        final EventIntake intake = new EventIntake(store, new EventRecorder(EventSpoolContractTest.CATALOG), spool,
                consent, levelFile, token, new EventIntake.Bounds(1000, 1 << 20, 1000));

        EventIntake.Answer post() throws Exception {
            return intake.receive(new ByteArrayInputStream(EXPORT.getBytes(StandardCharsets.UTF_8)),
                    "Bearer " + Files.readString(data.resolve("events-token")).strip(), "application/x-ndjson", null);
        }
    }

    private static long lines(LogCapture log, String text) {
        return log.shown().lines().filter(line -> line.contains(text)).count();
    }

    @Test
    void aDamagedConsentFileReadsNothingDeletesNothingAndIsNeverQuoted() throws Exception {
        Agent agent = new Agent();
        assertThat(agent.poll.begin(null, null)).isTrue();
        Path waiting = Files.writeString(data.resolve("events").resolve("a.jsonl"), EXPORT);
        Files.writeString(data.resolve("consent"), SECRET + "\n");

        try (LogCapture log = LogCapture.attach()) {
            for (int poll = 0; poll < 5; poll++) {
                assertThat(agent.poll.begin(null, null)).as("poll %d reads nothing", poll).isFalse();
            }
            assertThat(agent.post()).isEqualTo(new EventIntake.Answer(503, "{\"error\":\"events cannot be stored now\"}"));

            assertThat(waiting).as("nothing deleted").exists();
            assertThat(Files.readString(data.resolve(ConsentLevelFile.NAME))).isEqualTo("off\n");
            assertThat(log.shown().lines().filter(line -> line.contains("neither read nor emptied"))).singleElement()
                    .isEqualTo("io.ceip.agent.events.EventSpoolPoll Events: the spool is neither read nor emptied now: "
                            + data.resolve("consent") + ": its first word is not off, basic or full");
            assertThat(log.shown()).doesNotContain(" | ");
            assertThat(log.all()).doesNotContain("S3cr3t").doesNotContain("pghost");
            assertThatThrownBy(agent.consent::peek).hasMessage(data.resolve("consent")
                    + ": its first word is not off, basic or full").hasNoCause();

            Files.writeString(data.resolve("consent"), "full " + SECRET + "\n");
            assertThat(agent.poll.begin(null, null)).isFalse();
            assertThat(lines(log, "its second word is not a whole number")).as("a new cause, said once").isOne();
            assertThat(log.all()).doesNotContain("S3cr3t");

            Files.delete(data.resolve("consent"));
            assertThat(agent.poll.begin(null, null)).as("decided again: read").isTrue();
            assertThat(log.shown()).contains("Events: the spool's polls are back to normal");
            assertThat(agent.post().status()).isEqualTo(202);
        }
    }

    @Test
    void anAuditLogThatCannotBeReadIsA503OfTheIntakeNotA500() throws Exception {
        Agent agent = new Agent();
        Path audit = Files.createDirectory(data.resolve("consent-audit.log"));

        try (LogCapture log = LogCapture.attach()) {
            assertThat(agent.post()).isEqualTo(new EventIntake.Answer(503, "{\"error\":\"events cannot be stored now\"}"));
            assertThat(log.shown()).contains("cannot read the consent audit log " + audit + " (FileSystemException)")
                    .doesNotContain(" | ");

            Files.delete(audit);
            assertThat(agent.post().status()).isEqualTo(202);
            assertThat(agent.store.peek().features()).as("the refused request counted nothing")
                    .containsExactly(Map.entry("reports.export", 1L));
        }
    }
}
