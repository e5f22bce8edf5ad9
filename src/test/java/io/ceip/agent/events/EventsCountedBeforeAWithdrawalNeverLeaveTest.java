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
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent withdrawn and given again before the running agent looked (the {@code consent} command twice, or while the
 * agent was stopped): what was counted, or spooled, before the withdrawal never leaves. It is dropped from the window
 * before anything is added or sealed, not loaded at start, and a spool file last written before the withdrawal is
 * deleted unread; what comes after the new consent is counted as usual.
 */
class EventsCountedBeforeAWithdrawalNeverLeaveTest {

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

        /** Posts {@code lines} to the HTTP intake with its token, as the product does. */
        EventIntake.Answer post(String lines) throws Exception {
            IntakeToken token = IntakeToken.loadOrCreate(data.resolve("events-token"));
            String bearer = "Bearer " + Files.readString(data.resolve("events-token")).strip();
            return new EventIntake(store, new EventRecorder(EventSpoolContractTest.CATALOG), spool, consent,
                    new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME)), token,
                    new EventIntake.Bounds(1000, 1 << 20, 1000)).receive(body(lines), bearer, "application/x-ndjson",
                            null);
        }
    }

    private Path spooled(String name, String lines) throws Exception {
        Files.createDirectories(data.resolve("events"));
        return Files.writeString(data.resolve("events").resolve(name), lines);
    }

    /** Withdrawn and given again by another process (the consent command), as the agent did not look. */
    private Instant withdrawnAndGivenAgainElsewhere() {
        ConsentPolicy command = consent();
        command.set(ConsentLevel.OFF);
        Instant withdrawal = command.audit().lastWithdrawal().orElseThrow();
        command.set(ConsentLevel.FULL);
        return withdrawal;
    }

    /** A process's view of consent over {@code data} whose audit stamps its lines at {@code time}. */
    private ConsentPolicy consentAt(Instant time) {
        return new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")), null, ConsentLevel.BASIC,
                2, new ConsentAudit(data.resolve("consent-audit.log"), Clock.fixed(time, java.time.ZoneOffset.UTC)));
    }

    /**
     * Written while consent was off or basic, and the agent did not look (it was stopped, or consent was given again
     * within one poll interval): the product was not told full, and what it wrote then never leaves; before, only what
     * came before the withdrawal was dropped, and a file written during the off time was sent under the consent given
     * after it (review s21 events M2). What comes after the new consent is counted.
     */
    @Test
    void whatWasSpooledWhileConsentWasOffOrBasicNeverLeaves() throws Exception {
        Instant now = Instant.now();
        consentAt(now.minusSeconds(600)).set(ConsentLevel.FULL);
        consentAt(now.minusSeconds(400)).set(ConsentLevel.OFF);
        Path whileOff = spooled("off.jsonl", EXPORT);
        Files.setLastModifiedTime(whileOff, FileTime.from(now.minusSeconds(300)));
        consentAt(now.minusSeconds(200)).set(ConsentLevel.BASIC);
        Path whileBasic = spooled("basic.jsonl", EXPORT + EXPORT);
        Files.setLastModifiedTime(whileBasic, FileTime.from(now.minusSeconds(100)));
        String dated = "{\"type\":\"feature\",\"name\":\"reports.export\",\"at\":\"%s\"}\n";
        Path backlog = spooled("backlog.jsonl", dated.formatted(now.minusSeconds(300)) + OPEN);

        consentAt(now.minusSeconds(50)).set(ConsentLevel.FULL);
        Files.setLastModifiedTime(backlog, FileTime.from(now.minusSeconds(10)));
        Agent agent = new Agent();
        assertThat(agent.consent.audit().eventsSince()).contains(now.minusSeconds(50));
        agent.poll(whileOff, whileBasic, backlog);

        assertThat(whileOff).as("written while off: deleted unread").doesNotExist();
        assertThat(whileBasic).as("written while basic: deleted unread").doesNotExist();
        assertThat(agent.spool.deletedUnread()).isEqualTo(2);
        assertThat(agent.store.seal().features()).as("only what the product recorded under the new full consent")
                .containsExactly(Map.entry("dashboards.open", 1L));
    }

    @Test
    void whatWasCountedOrSpooledBeforeTheWithdrawalIsDroppedWhatCameAfterIsCounted() throws Exception {
        consent().set(ConsentLevel.FULL);
        Agent agent = new Agent();
        agent.poll(spooled("a.jsonl", EXPORT));
        assertThat(agent.store.peek().features()).containsEntry("reports.export", 1L);
        Path before = spooled("b.jsonl", EXPORT + EXPORT);

        Instant withdrawal = withdrawnAndGivenAgainElsewhere();
        Files.setLastModifiedTime(before, FileTime.from(withdrawal.minusSeconds(60)));

        assertThat(agent.store.peek().isEmpty()).as("a preview shows none of it").isTrue();
        try (LogCapture log = LogCapture.attach()) {
            agent.poll(before); // the product is told full again (consent-level)
            Path after = spooled("c.jsonl", OPEN); // so it writes again
            Files.setLastModifiedTime(after, FileTime.from(withdrawal.plusSeconds(60)));
            agent.poll(after);
            assertThat(log.shown()).contains("Events: consent was withdrawn at "
                    + agent.consent.audit().eventsSince().orElseThrow()
                    + ", after the events in the window were counted: dropped unsent");
        }

        assertThat(before).as("written before the withdrawal: deleted unread").doesNotExist();
        assertThat(agent.spool.deletedUnread()).isEqualTo(1);
        assertThat(agent.store.seal().features()).as("only what came after the new consent")
                .containsExactly(Map.entry("dashboards.open", 1L));
    }

    /**
     * Withdrawn and given again while a poll was reading: the files it read before were written before the
     * withdrawal (a file written later is read by a later poll), so what they held is dropped, not sent.
     */
    @Test
    void whatAPollReadBeforeAWithdrawalDuringItIsDropped() throws Exception {
        consent().set(ConsentLevel.FULL);
        Agent agent = new Agent();
        Path read = spooled("a.jsonl", EXPORT);
        assertThat(agent.poll.mayRead()).isTrue();
        agent.spool.consume(read.toString());

        withdrawnAndGivenAgainElsewhere();
        try (LogCapture log = LogCapture.attach()) {
            agent.spool.endOfPoll();
            assertThat(log.shown()).contains("Events: consent was withdrawn while they were read; dropped unsent");
        }

        assertThat(read).as("read, so deleted").doesNotExist();
        assertThat(agent.store.seal().isEmpty()).isTrue();
        agent.poll(); // the product is told full again (consent-level), and writes again
        Path after = spooled("b.jsonl", OPEN);
        Files.setLastModifiedTime(after, FileTime.from(Instant.now().plusSeconds(1))); // the file system's coarse clock
        agent.poll(after);
        assertThat(agent.store.seal().features()).as("a poll after the new consent counts")
                .containsExactly(Map.entry("dashboards.open", 1L));
    }

    /**
     * A poll whose events were dropped for a withdrawal during it counts none of them as accepted (JMX
     * {@code Accepted}, {@code ceip_events_accepted}), as the HTTP intake does for a request read during a withdrawal
     * (403): before, the 3 events dropped unsent were counted as accepted, and the poll said it flushed them.
     */
    @Test
    void aPollDroppedForAWithdrawalCountsNoEventAsAccepted() throws Exception {
        consent().set(ConsentLevel.FULL);
        Agent agent = new Agent();
        Path read = spooled("a.jsonl", EXPORT.repeat(3) + "not an event\n");
        assertThat(agent.poll.mayRead()).isTrue();
        agent.spool.consume(read.toString());

        withdrawnAndGivenAgainElsewhere();
        assertThat(agent.spool.endOfPoll()).as("events flushed").isZero();

        assertThat(read).as("read, so deleted").doesNotExist();
        assertThat(agent.spool.accepted()).as("accepted since start").isZero();
        assertThat(agent.spool.refusedLines()).as("lines refused since start, of a file dropped unsent").isZero();
        assertThat(agent.store.seal().isEmpty()).isTrue();
    }

    /** Withdrawn and given again while the intake read a request's body: refused (403), nothing counted. */
    @Test
    void aRequestReadDuringAWithdrawalIsRefused() throws Exception {
        consent().set(ConsentLevel.FULL);
        Agent agent = new Agent();
        IntakeToken token = IntakeToken.loadOrCreate(data.resolve("events-token"));
        String bearer = "Bearer " + Files.readString(data.resolve("events-token")).strip();
        java.io.InputStream withdrawnWhileRead = new java.io.FilterInputStream(body(EXPORT)) {
            private boolean withdrawn;

            @Override
            public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
                if (!withdrawn) {
                    withdrawn = true;
                    withdrawnAndGivenAgainElsewhere();
                }
                return super.read(buffer, offset, length);
            }
        };
        EventIntake.Answer answer = new EventIntake(agent.store, new EventRecorder(EventSpoolContractTest.CATALOG),
                agent.spool, agent.consent, new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME)), token,
                new EventIntake.Bounds(1000, 1 << 20, 1000)).receive(withdrawnWhileRead, bearer,
                        "application/x-ndjson", null);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains("consent was withdrawn");
        assertThat(agent.store.seal().isEmpty()).isTrue();
        assertThat(agent.post(OPEN).status()).as("a request after the new consent counts").isEqualTo(202);
    }

    @Test
    void theHttpIntakeAddsToAWindowWithoutWhatCameBeforeTheWithdrawal() throws Exception {
        consent().set(ConsentLevel.FULL);
        Agent agent = new Agent();
        assertThat(agent.post(EXPORT).status()).isEqualTo(202);

        withdrawnAndGivenAgainElsewhere();
        assertThat(agent.post(OPEN).status()).isEqualTo(202);

        assertThat(agent.store.seal().features()).containsExactly(Map.entry("dashboards.open", 1L));
    }

    /**
     * An event the product dated ({@code at}) at or before the withdrawal, delivered after consent was given again (a
     * product that went on recording while consent was off, and sent its backlog later), by HTTP or in a spool file
     * written after the withdrawal: refused ({@code before-withdrawal}), never counted.
     */
    @Test
    void eventsDatedBeforeTheWithdrawalAreRefusedWhenTheyArriveLater() throws Exception {
        consent().set(ConsentLevel.FULL);
        Agent agent = new Agent();
        Instant withdrawal = withdrawnAndGivenAgainElsewhere();
        String dated = "{\"type\":\"feature\",\"name\":\"reports.export\",\"at\":\"%s\"}\n";

        EventIntake.Answer answer = agent.post(dated.formatted(withdrawal.minusSeconds(3600))
                + dated.formatted(withdrawal) + dated.formatted(withdrawal.plusSeconds(1)) + OPEN);
        Path file = spooled("late.jsonl", dated.formatted(withdrawal.minusSeconds(1)) + OPEN);
        Files.setLastModifiedTime(file, FileTime.from(withdrawal.plusSeconds(60)));
        try (LogCapture log = LogCapture.attach()) {
            agent.poll(file);
            assertThat(log.shown()).contains("late.jsonl: 1 event(s) accepted, 1 line(s) refused (first at line 1:"
                    + " before-withdrawal)");
        }

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body()).contains("\"accepted\":2").contains("\"skipped\":2");
        assertThat(agent.store.seal().features()).containsOnly(Map.entry("reports.export", 1L),
                Map.entry("dashboards.open", 2L));
    }

    @Test
    void anAggregateFlushedBeforeAWithdrawalWhileTheAgentWasStoppedIsNotLoaded() throws Exception {
        consent().set(ConsentLevel.FULL);
        Agent stopped = new Agent();
        stopped.poll(spooled("a.jsonl", EXPORT));
        Path aggregate = stopped.store.file();
        Files.setLastModifiedTime(aggregate, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

        withdrawnAndGivenAgainElsewhere();
        Agent started = new Agent();
        started.store.load();

        assertThat(started.store.peek().isEmpty()).isTrue();
        assertThat(aggregate).as("removed at start").doesNotExist();
    }

    @Test
    void anAggregateFlushedAfterTheLastWithdrawalIsLoaded() throws Exception {
        consent().set(ConsentLevel.OFF);
        consent().set(ConsentLevel.FULL);
        Agent stopped = new Agent();
        Path spooled = spooled("a.jsonl", EXPORT);
        // written after the withdrawal (the file system's clock is coarser than the audit log's: said explicitly)
        Files.setLastModifiedTime(spooled, FileTime.from(Instant.now().plusSeconds(1)));
        stopped.poll(spooled);
        Files.setLastModifiedTime(stopped.store.file(), FileTime.from(Instant.now().plus(Duration.ofMinutes(1))));

        Agent started = new Agent();
        started.store.load();

        assertThat(started.store.peek().features()).containsEntry("reports.export", 1L);
    }

    private static ByteArrayInputStream body(String lines) {
        return new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8));
    }
}
