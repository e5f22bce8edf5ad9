package io.ceip.agent.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryBackoffTest {

    private static final Duration FIVE_S = Duration.ofSeconds(5);
    private static final Duration FIVE_MIN = Duration.ofMinutes(5);

    @Test
    void theCeilingDoublesUpToTheCapAndTheWaitIsAnywhereBelowIt() {
        RetryBackoff highest = new RetryBackoff(FIVE_S, 2, FIVE_MIN, Duration.ofMinutes(10), bound -> bound);
        RetryBackoff lowest = new RetryBackoff(FIVE_S, 2, FIVE_MIN, Duration.ofMinutes(10), bound -> 0);

        assertThat(java.util.stream.IntStream.rangeClosed(1, 8).mapToLong(highest::ceilingMillis).toArray())
                .containsExactly(5_000L, 10_000L, 20_000L, 40_000L, 80_000L, 160_000L, 300_000L, 300_000L);
        assertThat(highest.delayMillis(3, Optional.empty())).isEqualTo(20_000);
        assertThat(lowest.delayMillis(3, Optional.empty())).as("full jitter reaches zero").isZero();
    }

    @Test
    void aRetryAfterIsWaitedForUpToItsCap() {
        RetryBackoff backoff = new RetryBackoff(FIVE_S, 2, FIVE_MIN, Duration.ofMinutes(10), bound -> 0);

        assertThat(backoff.delayMillis(1, Optional.of(Duration.ofSeconds(2)))).isEqualTo(2_000);
        assertThat(backoff.delayMillis(1, Optional.of(Duration.ofHours(3)))).isEqualTo(600_000);
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

        assertThat(RetryAfter.parse("120", clock)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 10:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 09:00:00 GMT", clock)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
    }

    /**
     * A hostile or broken collector's huge {@code Retry-After} is waited for up to the cap (review s17 M2: 16 digits
     * overflowed into an exception, and the agent retried after Camel's default second); non-ASCII digits are no
     * number.
     */
    @Test
    void aHugeRetryAfterIsWaitedForUpToTheCap() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
        RetryBackoff backoff = new RetryBackoff(FIVE_S, 2, FIVE_MIN, Duration.ofMinutes(10), bound -> 0);

        for (String huge : new String[] {"9999999999999999", "9223372036854775807", "99999999999999999999999999"}) {
            assertThat(backoff.delayMillis(1, RetryAfter.parse(huge, clock))).as(huge)
                    .isEqualTo(Duration.ofMinutes(10).toMillis());
        }
        assertThat(backoff.delayMillis(1, RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", clock)))
                .isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(RetryAfter.parse("\u0661\u0662\u0660", clock)).as("Arabic-Indic digits").isEmpty();
    }

    @Test
    void aMultiplierBelowOneIsRefusedByName() {
        assertThatThrownBy(() -> new RetryBackoff(FIVE_S, 0.5, FIVE_MIN, FIVE_MIN, b -> b))
                .hasMessageContaining("ceip.retry.multiplier");
    }
}
