package io.ceip.agent.schedule;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A start sends a report at once only when none was made yet or the scheduled run after the last one passed. */
class MissedRunDecidesTheStartupReportTest {

    private static final String EVERY_MINUTE = "0 * * * * ?";
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:30Z");

    @Test
    void noReportYetOrADamagedTimeSendsAtStart() {
        assertThat(MissedRun.due(Optional.empty(), EVERY_MINUTE, NOW)).isTrue();
        assertThat(MissedRun.due(Optional.of("yesterday"), EVERY_MINUTE, NOW)).isTrue();
        assertThat(MissedRun.due(Optional.of("2026-12-05T10:00:00Z"), "not a cron", NOW)).isTrue();
    }

    @Test
    void aStartBeforeTheNextScheduledRunSendsNothingAtOnce() {
        assertThat(MissedRun.due(Optional.of("2026-12-05T10:00:10Z"), EVERY_MINUTE, NOW)).isFalse();
        assertThat(MissedRun.due(Optional.of("2026-12-05T10:00:00Z"), EVERY_MINUTE, NOW)).isFalse();
    }

    @Test
    void aScheduledRunMissedSinceTheLastReportSendsAtStart() {
        assertThat(MissedRun.due(Optional.of("2026-12-05T09:59:59Z"), EVERY_MINUTE, NOW)).isTrue();
        assertThat(MissedRun.due(Optional.of("2026-11-01T00:00:00Z"), "0 0 3 * * ?", NOW)).isTrue();
    }

    @Test
    void aLastReportInTheFutureIsAClockThatWentBackAndSendsAtStart() {
        assertThat(MissedRun.due(Optional.of("2027-01-01T00:00:00Z"), EVERY_MINUTE, NOW)).isTrue();
    }
}
