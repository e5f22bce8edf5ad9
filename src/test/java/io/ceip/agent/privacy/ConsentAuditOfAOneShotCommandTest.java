package io.ceip.agent.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A one-shot command's audit records the installation's sources, not its own environment's kill switch. */
class ConsentAuditOfAOneShotCommandTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void theEnvironmentsDecisionIsRecordedByTheRunningAgentOnly() throws Exception {
        Path file = dir.resolve("consent-audit.log");
        ConsentDecision killSwitch = new ConsentDecision(ConsentLevel.OFF, "environment:DO_NOT_TRACK");

        ConsentAudit oneShot = new ConsentAudit(file, clock, false);
        oneShot.observe(new ConsentDecision(ConsentLevel.BASIC, "runtime-setting"));
        oneShot.observe(killSwitch);
        assertThat(Files.readAllLines(file)).containsExactly("2026-12-05T10:00:00Z none -> basic source=runtime-setting");

        oneShot.observe(new ConsentDecision(ConsentLevel.FULL, "runtime-setting"));
        new ConsentAudit(file, clock).observe(killSwitch);
        assertThat(Files.readAllLines(file)).endsWith("2026-12-05T10:00:00Z basic -> full source=runtime-setting",
                "2026-12-05T10:00:00Z full -> off source=environment:DO_NOT_TRACK");
    }
}
