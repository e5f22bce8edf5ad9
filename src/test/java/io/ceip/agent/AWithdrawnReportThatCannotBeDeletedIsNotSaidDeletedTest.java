package io.ceip.agent;

import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer.Reply;
import io.ceip.agent.support.Undeletable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent set to {@code off} deletes the kept reports unsent at once; one whose stored copy cannot be removed (its
 * metadata append-only as root, {@code chattr +a}; else the store's directory read-only) was said deleted all the same:
 * the answer counted it ({@code ; 1 kept report deleted unsent}), the log said {@code deleted unsent} and the consent
 * audit recorded {@code report … deleted unsent}, at every replay again, while it stayed on disk. It is never sent
 * (the consent gate stops it each time), and now nothing says it was deleted until it is: its line says it stays.
 */
class AWithdrawnReportThatCannotBeDeletedIsNotSaidDeletedTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full");
    }

    @Test
    void consentOffSaysTheReportStaysAndTheAuditRecordsNoDeletion() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        assertThat(deadLetters().pending()).hasSize(1);
        String kept = deadLetters().pending().get(0).reportId();
        int received = server().received().size();
        Path store = dataDirectory().resolve("dead-letter");
        Path undeletable = OwnerOnlyFiles.currentUid() == 0 ? store.resolve(kept + ".meta.json") : store;
        Undeletable.set(undeletable, true);
        String answer;
        try (LogCapture log = LogCapture.attach()) {
            answer = management().setConsent("off");

            assertThat(log.shown()).contains("Report " + kept + " not sent, its stored copy cannot be removed now"
                    + " (deleted by a later replay): consent is off").doesNotContain(kept + " deleted unsent");
        } finally {
            Undeletable.set(undeletable, false);
        }

        assertThat(answer).startsWith("Consent set to off; effective: off").doesNotContain("deleted unsent");
        assertThat(Files.readString(dataDirectory().resolve("consent-audit.log")))
                .doesNotContain("report " + kept + " deleted unsent");
        assertThat(store.resolve(kept + ".json.gz")).exists();
        assertThat(server().received()).as("never sent").hasSize(received);

        assertThat(management().replayDeadLetters()).as("deleted once it can be")
                .isEqualTo("0 delivered, 1 deleted unsent (consent withdrawn), 0 still pending");
        assertThat(Files.readString(dataDirectory().resolve("consent-audit.log")))
                .contains("report " + kept + " deleted unsent");
        assertThat(store.resolve(kept + ".json.gz")).doesNotExist();
    }
}
