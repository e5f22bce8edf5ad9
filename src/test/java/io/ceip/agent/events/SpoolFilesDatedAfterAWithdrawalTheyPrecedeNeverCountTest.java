package io.ceip.agent.events;

import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.support.LogCapture;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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
 * A spool file's last-modified time is the product's clock (and anyone's who can write the spool: {@code touch -d}):
 * a file the product wrote before consent was withdrawn, dated after the withdrawal (a clock ahead, a file touched),
 * was read and counted under the consent given again after it. The running agent tells them apart by the audit log's
 * order: the product is told {@code full} again only by the agent's first decision under the new consent, so every
 * file in the spool then was written before it and is deleted unread, whatever its time; a file written after the
 * agent told it full is counted. A file dated far in the future makes nothing wait.
 */
class SpoolFilesDatedAfterAWithdrawalTheyPrecedeNeverCountTest {

    private static final String EXPORT = "{\"type\":\"feature\",\"name\":\"reports.export\"}\n";
    private static final String OPEN = "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n";

    @TempDir
    Path data;

    /** Spooled now, dated {@code time} (the product's clock, or a {@code touch}). */
    private Path spooled(String name, String lines, Instant time) throws Exception {
        Files.createDirectories(data.resolve("events"));
        Path file = Files.writeString(data.resolve("events").resolve(name), lines);
        Files.setLastModifiedTime(file, FileTime.from(time));
        return file;
    }

    /** Withdrawn and given again by another process (the consent command twice between two polls). */
    private void withdrawnAndGivenAgainElsewhere() {
        ConsentPolicy command = EventsParts.consent(data);
        command.set(ConsentLevel.OFF);
        command.set(ConsentLevel.FULL);
    }

    private EventIntake intake(EventsParts agent) throws Exception {
        return new EventIntake(agent.store, new EventRecorder(EventSpoolContractTest.CATALOG), agent.spool,
                agent.consent, new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME)),
                IntakeToken.loadOrCreate(data.resolve("events-token")), new EventIntake.Bounds(1000, 1 << 20, 1000));
    }

    private String bearer() throws Exception {
        return "Bearer " + Files.readString(data.resolve("events-token")).strip();
    }

    @Test
    void aFileWrittenBeforeAWithdrawalAndDatedAfterItIsDeletedUnread() throws Exception {
        EventsParts.consent(data).set(ConsentLevel.FULL);
        EventsParts agent = new EventsParts(data);
        agent.poll(); // the product is told full
        Path before = spooled("before.jsonl", EXPORT + EXPORT, Instant.now().plus(Duration.ofHours(1)));

        withdrawnAndGivenAgainElsewhere();
        String shown;
        try (LogCapture log = LogCapture.attach()) {
            agent.poll(before);
            shown = log.shown();
        }

        assertThat(agent.store.peek().features()).as("nothing of it counted").isEmpty();
        assertThat(before).as("written before the withdrawal, whatever its time: deleted unread").doesNotExist();
        assertThat(agent.spool.deletedUnread()).isEqualTo(1);
        assertThat(shown).contains("Events: consent was withdrawn or given again since the product was last told it is"
                + " full: 1 spool file(s) it wrote before deleted unread, whatever their times");
        Path after = spooled("after.jsonl", OPEN, Instant.now().minus(Duration.ofDays(1))); // a clock behind
        agent.poll(after);
        assertThat(agent.store.seal().features()).as("written after the agent told the product full")
                .containsExactly(Map.entry("dashboards.open", 1L));
    }

    /** The HTTP intake tells the product full as a poll does: the spool's earlier files go before it is told. */
    @Test
    void aRequestUnderTheNewConsentEmptiesTheSpoolOfFilesWrittenBefore() throws Exception {
        EventsParts.consent(data).set(ConsentLevel.FULL);
        EventsParts agent = new EventsParts(data);
        EventIntake intake = intake(agent);
        agent.poll();
        Path before = spooled("before.jsonl", EXPORT, Instant.now().plus(Duration.ofDays(365)));

        withdrawnAndGivenAgainElsewhere();
        EventIntake.Answer answer = intake.receive(new ByteArrayInputStream(OPEN.getBytes(StandardCharsets.UTF_8)),
                bearer(), "application/x-ndjson", null);
        assertThat(answer.status()).isEqualTo(202);
        Path after = spooled("after.jsonl", OPEN, Instant.now());
        agent.poll(Files.exists(before) ? new Path[] {before, after} : new Path[] {after});

        assertThat(agent.store.seal().features()).as("the request's event and the file written after it")
                .containsExactly(Map.entry("dashboards.open", 2L));
        assertThat(before).as("deleted before the product was told full").doesNotExist();
    }

    /** Under one consent a file's time decides nothing: one dated a year ahead is read with the others at once. */
    @Test
    void aFileDatedInTheFutureIsReadAtOnceAndMakesNothingWait() throws Exception {
        EventsParts.consent(data).set(ConsentLevel.FULL);
        EventsParts agent = new EventsParts(data);
        agent.poll();
        Path future = spooled("future.jsonl", EXPORT, Instant.now().plus(Duration.ofDays(365)));
        Path now = spooled("now.jsonl", OPEN, Instant.now());

        agent.poll(future, now);

        assertThat(future).doesNotExist();
        assertThat(now).doesNotExist();
        assertThat(agent.store.seal().features()).containsOnly(Map.entry("reports.export", 1L),
                Map.entry("dashboards.open", 1L));
    }

    /**
     * The agent noticed a withdrawal itself (the product's own setting, here the setting's file changed by hand) and
     * stopped before a poll emptied the spool; consent is full again at its next start, which that start's decision
     * audits: nobody told the product full under it, so what the spool holds was written before and is deleted
     * unread, whatever its time (before, a file dated after the new consent was read and counted).
     */
    @Test
    void aStartWhoseDecisionGivesConsentAnewDeletesWhatTheSpoolHolds() throws Exception {
        EventsParts.consent(data).set(ConsentLevel.FULL);
        EventsParts stopped = new EventsParts(data);
        stopped.poll();
        Path before = spooled("before.jsonl", EXPORT, Instant.now().plus(Duration.ofHours(1)));
        Files.writeString(data.resolve("consent"), "off 2\n");
        assertThat(stopped.consent.decide().level()).isEqualTo(ConsentLevel.OFF); // audited: full -> off

        Files.writeString(data.resolve("consent"), "full 2\n");
        EventsParts started = new EventsParts(data);
        started.poll(); // its first decision reads none of it (a request decided first, or the file is past the
        started.poll(before); // first poll's ceip.events.max-files-per-poll); a poll then reads it under the new mark

        assertThat(started.store.peek().features()).as("nothing of it counted").isEmpty();
        assertThat(before).doesNotExist();
        assertThat(Files.readString(data.resolve("consent-audit.log"))).contains(" off -> full ");
        Path after = spooled("after.jsonl", OPEN, Instant.now());
        started.poll(after);
        assertThat(started.store.seal().features()).as("written after the start told the product full")
                .containsExactly(Map.entry("dashboards.open", 1L));
    }

    /**
     * A poll whose own decision gives consent anew (the product's setting back to full, noticed by the poll) tells
     * the product full under the new mark: what it writes after is counted at the next poll, not taken for a file
     * written before (it was, when the mark from before the decision was kept as the one the product was told).
     */
    @Test
    void whatIsWrittenAfterAPollGaveConsentAnewIsCounted() throws Exception {
        EventsParts.consent(data).set(ConsentLevel.FULL);
        EventsParts agent = new EventsParts(data);
        agent.poll();
        Files.writeString(data.resolve("consent"), "off 2\n");
        assertThat(agent.poll.mayRead()).isFalse();
        Files.writeString(data.resolve("consent"), "full 2\n");
        agent.poll(); // decides full anew, audits it, tells the product

        Path after = spooled("after.jsonl", OPEN, Instant.now());
        agent.poll(after);

        assertThat(after).doesNotExist();
        assertThat(agent.store.seal().features()).containsExactly(Map.entry("dashboards.open", 1L));
    }
}
