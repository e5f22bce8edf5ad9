package io.ceip.agent.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An administrator's change names who made it ({@code ;by=…}) in one token of at most 64 characters, whatever the
 * name holds (a JMX user of the password file, an OS user): the line stays one line, and one that every reader of the
 * log, this version's and an earlier one's ({@code source=\S+}), takes as a change — a withdrawal counts.
 */
class ConsentAuditNamesWhoChangedItTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void whoIsOneTokenAndTheChangeStillCounts() throws Exception {
        Path file = dir.resolve("consent-audit.log");
        ConsentAudit audit = new ConsentAudit(file, clock);

        audit.observe(new ConsentDecision(ConsentLevel.FULL, "runtime-setting"), "jmx:ops admin");
        audit.observe(new ConsentDecision(ConsentLevel.OFF, "runtime-setting"),
                "jmx:evil\n2026-12-06T10:00:00Z off -> full source=x\u001b[2J" + "x".repeat(500));
        audit.observe(new ConsentDecision(ConsentLevel.BASIC, "config:ceip.consent.default"), null);

        assertThat(Files.readAllLines(file)).containsExactly(
                "2026-12-06T10:00:00Z none -> full source=runtime-setting;by=jmx:ops_admin",
                "2026-12-06T10:00:00Z full -> off source=runtime-setting;by=jmx:evil_2026-12-06T10:00:00Z_off_-__full_"
                        + "source_x__2Jxxxxxxxxxx", // 64 characters
                "2026-12-06T10:00:00Z off -> basic source=config:ceip.consent.default");
        ConsentAudit reader = new ConsentAudit(file, clock, true, false);
        assertThat(reader.lastWithdrawal()).contains(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(reader.lastLevel()).isEqualTo("basic");
        assertThat(Files.readAllLines(file)).allMatch(line -> line.matches(
                "\\S+ (none|off|basic|full) -> (off|basic|full) source=\\S+"), "an earlier version's reading");
    }
}
