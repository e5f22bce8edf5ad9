package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.StoredBodies;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replayed report fails while the store cannot record the outcome (its metadata cannot be written: a disk that
 * filled up, here non-empty directories where the write's temporary file and the store's probe go): the entry stays
 * as it was, pending, and the lines say so, health DOWN naming the cause, with no stack trace (Camel's fatal fallback
 * handler logged two per replay); health is UP again once a write of the store succeeds (the next replay writes a probe file), even
 * when that report is then delivered and deleted (it stayed DOWN, naming a report delivered long before). The message
 * still counts the reports kept in memory meanwhile (it named the one outcome only, hiding them).
 */
class DeadLetterStoreCannotRecordAnOutcomeTest extends AgentTestSupport {

    private static final String ID = "dddddddd-4444-4444-8444-444444444444";

    @Override
    protected Properties overrides() {
        try {
            Path store = Files.createDirectories(dataDirectory().resolve("dead-letter"));
            StoredBodies.plant(store, ID, "2026-11-20T10:00:00Z", StoredBodies.of(ID));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return with("ceip.retry.max-redeliveries", "0");
    }

    @Test
    void theEntryStaysAsItWasSaidInOneLineAndHealthIsDownUntilAWriteSucceeds() throws Exception {
        Path store = dataDirectory().resolve("dead-letter");
        Path blocked = Files.createDirectories(store.resolve("." + ID + ".meta.json.tmp"));
        Files.writeString(blocked.resolve("full"), "x");
        Path probe = Files.createDirectories(store.resolve(".00000000-0000-0000-0000-000000000000.meta.json.tmp"));
        Files.writeString(probe.resolve("full"), "x"); // the store's probe cannot write either, as on a full disk
        try (LogCapture log = LogCapture.attach()) {
            server().reply(Reply.status(503));
            assertThat(replayDeadLetters()).isZero();

            assertThat(log.shown()).contains("Report " + ID + " not delivered after 2 attempt(s) (HTTP 503); kept in"
                    + " the dead-letter store for replay, this attempt not recorded there (the store cannot be"
                    + " written)").doesNotContain(" | ");
            assertThat(management().getHealth()).contains("dead-letter-store DOWN: the dead-letter store " + store
                    + " cannot be written (DirectoryNotEmptyException").contains("the outcome of report " + ID
                    + " is not recorded");
            assertThat(deadLetters().read(ID)).get().extracting(DeadLetter::attempts, DeadLetter::state)
                    .containsExactly(1, DeadLetter.PENDING);

            server().reply(Reply.status(400));
            assertThat(replayDeadLetters()).isZero();
            assertThat(log.shown()).contains("Report " + ID + " rejected by the collector (HTTP 400); still stored as"
                    + " pending, so sent again by a later replay (the dead-letter store cannot be written)")
                    .doesNotContain(" | ");
            assertThat(deadLetters().read(ID)).get().extracting(DeadLetter::state).isEqualTo(DeadLetter.PENDING);

            for (Path full : new Path[] { blocked, probe }) {
                Files.delete(full.resolve("full"));
                Files.delete(full);
            }
            server().reply(Reply.status(202));
            assertThat(replayDeadLetters()).isEqualTo(1);
            assertThat(management().getHealth()).as("UP again: the replay's probe of the store was written")
                    .doesNotContain("dead-letter-store DOWN");
            assertThat(log.shown()).contains("The dead-letter store " + store + " can be written again");
        }
    }

    @Test
    void healthNamesTheReportsKeptInMemoryBesideTheOutcomeNotRecorded() throws Exception {
        String fresh = "eeeeeeee-5555-4555-8555-555555555555";
        Path store = dataDirectory().resolve("dead-letter");
        for (String name : new String[] { "." + ID + ".meta.json.tmp", "." + fresh + ".meta.json.tmp",
                "." + fresh + ".json.gz.tmp", ".00000000-0000-0000-0000-000000000000.meta.json.tmp" }) {
            Files.writeString(Files.createDirectories(store.resolve(name)).resolve("full"), "x");
        }
        server().reply(Reply.status(503));
        template.send("direct:ceip-report", exchange -> exchange.setProperty("ceipReportId", fresh));
        assertThat(management().getHealth()).contains("1 report(s) kept in memory");

        server().reply(Reply.status(503));
        assertThat(replayDeadLetters()).isZero();

        assertThat(server().received()).extracting(r -> r.header("Idempotency-Key")).containsExactly(fresh, ID);
        assertThat(management().getHealth()).contains("the outcome of report " + ID + " is not recorded, and 1 report(s)"
                + " kept in memory");
    }
}
