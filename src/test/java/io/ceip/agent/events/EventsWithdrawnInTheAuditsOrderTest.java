package io.ceip.agent.events;

import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether the product's events were counted before a withdrawal is told by the consent audit log's order (the audit's
 * mark before consent was decided for a read, kept with the window and flushed with it), never by the agent's clock
 * against the withdrawal's time: a withdrawal made after events were counted, from a clock set back (or after a clock
 * that was ahead was corrected), drops them; a window flushed after consent was given again, by a clock set back, is
 * loaded; a window written by an earlier version (no mark) is judged by its file's time, as that version judged it.
 */
class EventsWithdrawnInTheAuditsOrderTest {

    private static final String EXPORT = "{\"type\":\"feature\",\"name\":\"reports.export\"}\n";
    private static final String OPEN = "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n";

    @TempDir
    Path data;

    private ConsentPolicy consent() {
        return EventsParts.consent(data);
    }

    /** The agent's events parts over {@code data}. */
    private final class Agent extends EventsParts {
        Agent() {
            super(data);
        }
    }

    /** A file the product spooled now (its time said explicitly: the file system's clock is coarser). */
    private Path spooled(String name, String lines) throws Exception {
        Files.createDirectories(data.resolve("events"));
        Path file = Files.writeString(data.resolve("events").resolve(name), lines);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(1)));
        return file;
    }

    /** Consent withdrawn and given again, appended as another process whose clock said {@code at} would. */
    private void withdrawnAndGivenAgainAt(Instant at) throws Exception {
        Files.writeString(data.resolve("consent-audit.log"), at + " full -> off source=runtime-setting\n"
                + at.plusSeconds(1) + " off -> full source=runtime-setting\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    @Test
    void eventsCountedBeforeAWithdrawalFromAClockSetBackAreDropped() throws Exception {
        consent().set(ConsentLevel.FULL);
        Agent agent = new Agent();
        agent.poll(spooled("a.jsonl", EXPORT));
        assertThat(agent.store.peek().features()).containsEntry("reports.export", 1L);

        withdrawnAndGivenAgainAt(Instant.now().minus(Duration.ofHours(1))); // made later, stamped an hour earlier

        assertThat(agent.store.peek().isEmpty()).as("a preview shows none of it").isTrue();
        agent.poll(); // the product is told full again (consent-level), and writes again
        agent.poll(spooled("b.jsonl", OPEN));
        assertThat(agent.store.seal().features()).as("only what came after the new consent")
                .containsExactly(Map.entry("dashboards.open", 1L));
    }

    /**
     * Consent was withdrawn and given again, events counted, then the clock was set back and consent withdrawn and
     * given again once more, stamped earlier than the first: still a later withdrawal (the log's order), and what was
     * counted before it is dropped; before, the audit's last withdrawal stayed the first's time and they were sent.
     */
    @Test
    void aSecondWithdrawalStampedEarlierThanTheFirstStillDropsWhatCameBefore() throws Exception {
        consent().set(ConsentLevel.FULL);
        withdrawnAndGivenAgainAt(Instant.now().minus(Duration.ofMinutes(10)));
        Agent agent = new Agent();
        agent.poll(spooled("a.jsonl", EXPORT));
        assertThat(agent.store.peek().features()).containsEntry("reports.export", 1L);

        withdrawnAndGivenAgainAt(Instant.now().minus(Duration.ofMinutes(20)));

        assertThat(agent.store.seal().isEmpty()).isTrue();
    }

    @Test
    void whatAPollReadIsDroppedWhenAWithdrawalStampedEarlierCameDuringIt() throws Exception {
        consent().set(ConsentLevel.FULL);
        Agent agent = new Agent();
        Path read = spooled("a.jsonl", EXPORT);
        assertThat(agent.poll.mayRead()).isTrue();
        agent.spool.consume(read.toString());

        withdrawnAndGivenAgainAt(Instant.now().minus(Duration.ofHours(1)));
        agent.spool.endOfPoll();

        assertThat(read).as("read, so deleted").doesNotExist();
        assertThat(agent.spool.accepted()).isZero();
        assertThat(agent.store.seal().isEmpty()).isTrue();
    }

    @Test
    void aRequestCountedBeforeAWithdrawalStampedEarlierIsDroppedFromTheWindow() throws Exception {
        consent().set(ConsentLevel.FULL);
        Agent agent = new Agent();
        IntakeToken token = IntakeToken.loadOrCreate(data.resolve("events-token"));
        EventIntake intake = new EventIntake(agent.store, new EventRecorder(EventSpoolContractTest.CATALOG),
                agent.spool, agent.consent, new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME)), token,
                new EventIntake.Bounds(1000, 1 << 20, 1000));
        String bearer = "Bearer " + Files.readString(data.resolve("events-token")).strip();
        assertThat(intake.receive(body(EXPORT), bearer, "application/x-ndjson", null).status()).isEqualTo(202);

        withdrawnAndGivenAgainAt(Instant.now().minus(Duration.ofHours(1)));
        assertThat(intake.receive(body(OPEN), bearer, "application/x-ndjson", null).status()).isEqualTo(202);

        assertThat(agent.store.seal().features()).containsExactly(Map.entry("dashboards.open", 1L));
    }

    /** Flushed by a clock an hour ahead, the agent stopped; consent was withdrawn after the clock was corrected. */
    @Test
    void aWindowFlushedBeforeAWithdrawalIsNotLoadedWhateverItsFilesTime() throws Exception {
        consent().set(ConsentLevel.FULL);
        Agent stopped = new Agent();
        stopped.poll(spooled("a.jsonl", EXPORT));
        Path aggregate = stopped.store.file();
        Files.setLastModifiedTime(aggregate, FileTime.from(Instant.now().plus(Duration.ofHours(1))));

        withdrawnAndGivenAgainAt(Instant.now());
        Agent started = new Agent();
        started.store.load();

        assertThat(started.store.peek().isEmpty()).isTrue();
        assertThat(aggregate).as("removed at start").doesNotExist();
    }

    /** Consent given again, then events counted and flushed while the clock was set back an hour: not lost. */
    @Test
    void aWindowFlushedAfterConsentWasGivenAgainIsLoadedWhateverItsFilesTime() throws Exception {
        consent().set(ConsentLevel.FULL);
        withdrawnAndGivenAgainAt(Instant.now().minusSeconds(2));
        Agent stopped = new Agent();
        stopped.poll(spooled("a.jsonl", EXPORT));
        Path aggregate = stopped.store.file();
        Files.setLastModifiedTime(aggregate, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        Agent started = new Agent();
        started.store.load();

        assertThat(started.store.peek().features()).containsExactly(Map.entry("reports.export", 1L));
        started.poll(spooled("b.jsonl", OPEN));
        assertThat(started.store.seal().features()).containsOnly(Map.entry("reports.export", 1L),
                Map.entry("dashboards.open", 1L));
    }

    /** An earlier version's window file (no mark): judged by its last-modified time, as that version judged it. */
    @Test
    void aWindowWrittenByAnEarlierVersionIsJudgedByItsFilesTime() throws Exception {
        consent().set(ConsentLevel.FULL);
        Instant withdrawal = Instant.now().minus(Duration.ofDays(1));
        withdrawnAndGivenAgainAt(withdrawal);
        Path aggregate = data.resolve("events-aggregate.json.gz");
        EventAggregate counted = aggregateOf(EXPORT);
        AggregateFile.write(aggregate, counted, List.of(), null, false);
        Files.setLastModifiedTime(aggregate, FileTime.from(withdrawal.plusSeconds(60)));
        Agent kept = new Agent();
        kept.store.load();
        assertThat(kept.store.peek().features()).as("written after the withdrawal: loaded")
                .containsExactly(Map.entry("reports.export", 1L));

        AggregateFile.write(aggregate, counted, List.of(), null, false);
        Files.setLastModifiedTime(aggregate, FileTime.from(withdrawal.minusSeconds(60)));
        Agent dropped = new Agent();
        dropped.store.load();
        assertThat(dropped.store.peek().isEmpty()).as("written before the withdrawal: dropped").isTrue();
        assertThat(aggregate).doesNotExist();
    }

    @Test
    void aWindowFileWithAMarkTheAgentNeverWritesIsNotUsed() throws Exception {
        consent().set(ConsentLevel.FULL);
        Path aggregate = data.resolve("events-aggregate.json.gz");
        AggregateFile.write(aggregate, aggregateOf(EXPORT), List.of(), "9999-13-01T00:00:00Z\n", false);
        Agent agent = new Agent();
        agent.store.load();

        assertThat(agent.store.peek().isEmpty()).isTrue();
        assertThat(aggregate).doesNotExist();
    }

    private EventAggregate aggregateOf(String lines) throws Exception {
        EventAggregate aggregate = new EventAggregate(100, 100);
        new EventLines(new EventRecorder(EventSpoolContractTest.CATALOG), 1000).read(body(lines), aggregate, 1 << 20,
                1000, java.util.Optional.empty());
        return aggregate;
    }

    private static java.io.ByteArrayInputStream body(String lines) {
        return new java.io.ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8));
    }
}
