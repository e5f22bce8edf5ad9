package io.ceip.agent.privacy;

import io.ceip.agent.support.SetClock;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log is the record of withdrawals, whichever process wrote them: the running agent reads what the
 * {@code consent} command appended (and does not record that change a second time), and the log is hostile input.
 */
class ConsentAuditReadsEveryProcessesChangesTest {

    private static final ConsentDecision OFF = new ConsentDecision(ConsentLevel.OFF, "runtime-setting");
    private static final ConsentDecision BASIC = new ConsentDecision(ConsentLevel.BASIC, "runtime-setting");

    @TempDir
    Path dir;

    private static Clock at(String time) {
        return Clock.fixed(Instant.parse(time), ZoneOffset.UTC);
    }

    private Path log() {
        return dir.resolve("consent-audit.log");
    }

    @Test
    void aWithdrawalAnotherProcessRecordedIsSeenAndNotRecordedAgain() throws Exception {
        SetClock clock = new SetClock("2026-12-05T09:00:00Z");
        ConsentAudit agent = new ConsentAudit(log(), clock);
        agent.observe(BASIC);
        assertThat(agent.lastWithdrawal()).isEmpty();

        new ConsentAudit(log(), at("2026-12-05T10:00:00Z")).observe(OFF); // the consent command, another process
        clock.now = Instant.parse("2026-12-05T10:06:00Z");
        assertThat(agent.lastWithdrawal()).contains(Instant.parse("2026-12-05T10:00:00Z"));
        agent.observe(OFF);
        new ConsentAudit(log(), at("2026-12-05T10:05:00Z")).observe(BASIC);
        agent.observe(BASIC);

        assertThat(Files.readAllLines(log())).as("each change once, whoever noticed it first").containsExactly(
                "2026-12-05T09:00:00Z none -> basic source=runtime-setting",
                "2026-12-05T10:00:00Z basic -> off source=runtime-setting",
                "2026-12-05T10:05:00Z off -> basic source=runtime-setting");
        assertThat(agent.lastWithdrawal()).as("consent given again does not undo the withdrawal's time")
                .contains(Instant.parse("2026-12-05T10:00:00Z"));
    }

    /**
     * The second withdrawal, stamped earlier than the first (the clock went back), is still a later one in the log's
     * order: it counts from just after the first, so that what was marked with the first is withdrawn by it (before,
     * the last withdrawal stayed the first's time, and a kept report or events marked with it were sent).
     */
    @Test
    void theLatestWithdrawalCountsEvenWhenTheClockWentBack() throws Exception {
        new ConsentAudit(log(), at("2026-12-05T10:00:00Z")).observe(OFF);
        new ConsentAudit(log(), at("2026-12-05T10:01:00Z")).observe(BASIC);
        ConsentAudit agent = new ConsentAudit(log(), Clock.systemUTC());
        assertThat(agent.lastWithdrawal()).contains(Instant.parse("2026-12-05T10:00:00Z"));
        new ConsentAudit(log(), at("2026-12-05T08:00:00Z")).observe(OFF);

        Instant afterTheFirst = Instant.parse("2026-12-05T10:00:00.000000001Z");
        assertThat(agent.lastWithdrawal()).as("the running agent").contains(afterTheFirst);
        assertThat(new ConsentAudit(log(), Clock.systemUTC()).lastWithdrawal()).as("the next process")
                .contains(afterTheFirst);
        assertThat(Files.readString(log())).as("not carried over: the log holds it").doesNotContain(".000000001Z");
    }

    @Test
    void hostileLinesAreReadPastAndAHalfWrittenLineWaitsForItsEnd() throws Exception {
        ConsentAudit agent = new ConsentAudit(log(), Clock.systemUTC());
        Files.writeString(log(), "yesterday basic -> off source=runtime-setting\n"
                + "2026-12-05T10:00:00Z " + "x".repeat(100_000) + " -> off\n"
                + "\u0000\u00ff garbage\n"
                + "2026-12-05T11:00:00Z report 2e8c6f0e deleted unsent: consent off source=runtime-setting\n");
        assertThat(agent.lastWithdrawal()).as("no time that can be read").isEmpty();

        Files.writeString(log(), "2026-12-05T12:00:00Z basic -> o", StandardOpenOption.APPEND);
        assertThat(agent.lastWithdrawal()).as("a line still being written").isEmpty();
        Files.writeString(log(), "ff source=runtime-setting\n", StandardOpenOption.APPEND);
        assertThat(agent.lastWithdrawal()).contains(Instant.parse("2026-12-05T12:00:00Z"));
    }

    /**
     * An operator rotates the log (moved aside, a new one created), or cuts it (copytruncate): the withdrawal it held
     * is not forgotten; the running agent writes it into the new log, where the next process (the agent restarted, a
     * command) finds it.
     */
    @Test
    void aLogRotatedOrCutKeepsItsWithdrawal() throws Exception {
        ConsentAudit agent = new ConsentAudit(log(), at("2026-12-05T11:00:00Z"));
        Files.writeString(log(), "2026-12-05T10:00:00Z basic -> off source=runtime-setting\n"
                + "2026-12-05T10:01:00Z off -> basic source=runtime-setting\n");
        assertThat(agent.lastWithdrawal()).contains(Instant.parse("2026-12-05T10:00:00Z"));

        Path other = Files.writeString(dir.resolve("other"), "2026-12-05T09:00:00Z none -> basic source=x\n"
                + "2026-12-05T09:30:00Z basic -> off source=runtime-setting\n");
        Files.move(other, log(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(agent.lastWithdrawal()).contains(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(new ConsentAudit(log(), Clock.systemUTC()).lastWithdrawal()).as("the next process")
                .contains(Instant.parse("2026-12-05T10:00:00Z"));

        Files.write(log(), new byte[0]);
        assertThat(agent.lastWithdrawal()).contains(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(Files.readAllLines(log())).containsExactly("2026-12-05T11:00:00Z withdrawal 2026-12-05T10:00:00Z"
                + " carried over (the log was rotated, truncated or removed)");
        Files.delete(log());
        assertThat(new ConsentAudit(log(), Clock.systemUTC()).lastWithdrawal()).isEmpty();
        assertThat(agent.lastWithdrawal()).contains(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(new ConsentAudit(log(), Clock.systemUTC()).lastWithdrawal()).as("written again")
                .contains(Instant.parse("2026-12-05T10:00:00Z"));
        agent.observe(OFF);
        assertThat(Files.readAllLines(log())).last().asString().endsWith(" none -> off source=runtime-setting");
    }

    /**
     * A clock that was ahead, or one forged line: a withdrawal cannot reach past the moment it was first read, which is
     * written down, so that the next reader (the agent restarted, a send) does not move it to its own now.
     */
    @Test
    void aWithdrawalStampedInTheFutureCountsFromWhenItWasFirstRead() throws Exception {
        Files.writeString(log(), "2027-12-05T10:00:00Z basic -> off source=runtime-setting\n"
                + "2027-12-05T10:01:00Z off -> basic source=runtime-setting\n");

        assertThat(new ConsentAudit(log(), at("2026-12-05T10:00:00Z")).lastWithdrawal())
                .contains(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(new ConsentAudit(log(), at("2026-12-05T11:00:00Z")).lastWithdrawal()).as("the next reader")
                .contains(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(Files.readAllLines(log())).hasSize(3).last().isEqualTo("2026-12-05T10:00:00Z withdrawal"
                + " 2026-12-05T10:00:00Z carried over (a withdrawal stamped later than now)");
        assertThat(new ConsentAudit(log(), at("2026-12-05T10:00:00Z"), true, false).lastWithdrawal())
                .as("a preview only reads").contains(Instant.parse("2026-12-05T10:00:00Z"));
    }

    /** The clock stepped back past the withdrawal, then the log was rotated: it is carried over once, not forever. */
    @Test
    void aWithdrawalCarriedOverAfterTheClockWentBackIsWrittenOnce() throws Exception {
        SetClock clock = new SetClock("2026-12-05T10:00:00Z");
        ConsentAudit agent = new ConsentAudit(log(), clock);
        agent.observe(OFF);
        clock.now = Instant.parse("2026-12-05T09:00:00Z");
        Files.delete(log());

        assertThat(agent.lastWithdrawal()).contains(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(agent.lastWithdrawal()).contains(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(Files.readAllLines(log())).containsExactly("2026-12-05T09:00:00Z withdrawal 2026-12-05T10:00:00Z"
                + " carried over (the log was rotated, truncated or removed)");
    }

    /** A forged carried-over line cannot claim a withdrawal later than its own line was written. */
    @Test
    void aCarriedWithdrawalCountsNoLaterThanItsLine() throws Exception {
        Files.writeString(log(), "2026-12-05T09:00:00Z withdrawal 2026-12-05T11:30:00Z carried over (forged)\n");

        assertThat(new ConsentAudit(log(), at("2026-12-05T12:00:00Z")).lastWithdrawal())
                .contains(Instant.parse("2026-12-05T09:00:00Z"));
    }

    /** A log saved by a Windows editor (CRLF) or with trailing blanks still counts its withdrawals. */
    @Test
    void aLogWithCarriageReturnsOrTrailingBlanksCountsItsWithdrawals() throws Exception {
        Files.writeString(log(), "2026-12-05T09:00:00Z none -> basic source=runtime-setting\r\n"
                + "2026-12-05T10:00:00Z basic -> off source=runtime-setting \t\r\n"
                + "2026-12-05T10:01:00Z off -> basic source=runtime-setting\r\n");

        assertThat(new ConsentAudit(log(), at("2026-12-05T12:00:00Z")).lastWithdrawal())
                .contains(Instant.parse("2026-12-05T10:00:00Z"));
    }

    /**
     * A crash or a full disk left half a line: the next change is written on its own line (not glued to the torn one,
     * which would hide a withdrawal), and only lines of the agent's own form count.
     */
    @Test
    void aTornLastLineDoesNotSwallowTheNextChange() throws Exception {
        Files.writeString(log(), "2026-12-05T09:00:00Z none -> basic source=runtime-setting\n"
                + "2026-12-05T09:30:00Z basic -> fu");
        new ConsentAudit(log(), at("2026-12-05T10:00:00Z")).observe(OFF);
        new ConsentAudit(log(), at("2026-12-05T10:05:00Z")).observe(BASIC);

        assertThat(Files.readAllLines(log())).containsExactly(
                "2026-12-05T09:00:00Z none -> basic source=runtime-setting",
                "2026-12-05T09:30:00Z basic -> fu",
                "2026-12-05T10:00:00Z basic -> off source=runtime-setting",
                "2026-12-05T10:05:00Z off -> basic source=runtime-setting");
        assertThat(new ConsentAudit(log(), Clock.systemUTC()).lastWithdrawal())
                .contains(Instant.parse("2026-12-05T10:00:00Z"));
    }

    /** A tail of 4 MiB without a line end is read past once, and what is appended after its end is read. */
    @Test
    void aLongTailWithoutALineEndIsReadPastOnce() throws Exception {
        ConsentAudit agent = new ConsentAudit(log(), at("2026-12-05T12:00:00Z"));
        Files.write(log(), "x".repeat(4 << 20).getBytes(StandardCharsets.US_ASCII));
        assertThat(agent.lastWithdrawal()).isEmpty();
        Files.writeString(log(), " 2026-12-05T10:00:00Z basic -> off source=x\n", StandardOpenOption.APPEND);
        assertThat(agent.lastWithdrawal()).as("still the long line").isEmpty();

        agent.observe(OFF);

        assertThat(agent.lastWithdrawal()).contains(Instant.parse("2026-12-05T12:00:00Z"));
        assertThat(Files.readAllLines(log())).last().isEqualTo("2026-12-05T12:00:00Z none -> off source=runtime-setting");
    }

    @Test
    void aLogThatIsALinkIsNeitherReadNorFollowed() throws Exception {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "2026-12-05T10:00:00Z basic -> off source=x\n");
        Files.createSymbolicLink(log(), elsewhere);
        ConsentAudit agent = new ConsentAudit(log(), Clock.systemUTC());

        assertThatThrownBy(agent::lastWithdrawal).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("consent-audit.log");
        assertThat(Files.readAllLines(elsewhere, StandardCharsets.UTF_8)).isEqualTo(List.of(
                "2026-12-05T10:00:00Z basic -> off source=x"));
    }
}
