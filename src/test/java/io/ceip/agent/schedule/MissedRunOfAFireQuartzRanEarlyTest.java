package io.ceip.agent.schedule;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quartz runs a fire when it is 2 ms away or less (QuartzSchedulerThread waits while more than 2 ms remain), so the
 * scheduled report of 03:17:42 may be made, and its time kept, at 03:17:41.998: the start-up decision took that fire
 * for one the agent missed, and every restart later that day (an update, a crash loop's first start) sent a second
 * report of the day. A report made within those 2 ms is that fire's; one made earlier still leaves it missed.
 */
class MissedRunOfAFireQuartzRanEarlyTest {

    /** At second 42 of every minute: the same instants in every time zone. */
    private static final String AT_42 = "42 * * * * ?";
    private static final Instant BEFORE_THE_NEXT = Instant.parse("2026-12-05T03:18:30Z");

    @Test
    void aReportMadeUpTo2MsBeforeItsFireIsThatFires() {
        assertThat(MissedRun.due(Optional.of("2026-12-05T03:17:41.998Z"), AT_42, BEFORE_THE_NEXT)).isFalse();
        assertThat(MissedRun.due(Optional.of("2026-12-05T03:17:41.999Z"), AT_42, BEFORE_THE_NEXT)).isFalse();
        assertThat(MissedRun.due(Optional.of("2026-12-05T03:17:41.990Z"), AT_42, BEFORE_THE_NEXT)).isTrue();
        assertThat(MissedRun.due(Optional.of("2026-12-05T03:16:42.001Z"), AT_42, BEFORE_THE_NEXT)).isTrue();
    }
}
