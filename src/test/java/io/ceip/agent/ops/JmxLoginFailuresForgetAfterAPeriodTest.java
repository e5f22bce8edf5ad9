package io.ceip.agent.ops;

import io.ceip.agent.support.SetClock;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A locked-out address is refused until a period has passed since its last failure (a guesser that keeps trying stays
 * out); four failures a period, however long it goes on, never lock out; a login that succeeds clears its address; and no number
 * of addresses is remembered past the bound.
 */
class JmxLoginFailuresForgetAfterAPeriodTest {

    private final SetClock clock = new SetClock("2026-12-06T12:00:00Z");
    private final JmxLoginFailures failures = new JmxLoginFailures(clock);

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            failures.failed(address, "operator");
        }
    }

    @Test
    void aLockOutLastsAPeriodAfterTheLastFailure() {
        fail("10.0.0.1", JmxLoginFailures.MAX_FAILURES);
        assertThat(failures.lockedOut("10.0.0.1")).isTrue();
        assertThat(failures.lockedOut("10.0.0.2")).isFalse();

        clock.now = clock.now.plus(Duration.ofSeconds(50));
        fail("10.0.0.1", 1); // still guessing
        clock.now = clock.now.plus(Duration.ofSeconds(50));
        assertThat(failures.lockedOut("10.0.0.1")).as("a period from the last failure, not the first").isTrue();
        clock.now = clock.now.plus(JmxLoginFailures.PERIOD);
        assertThat(failures.lockedOut("10.0.0.1")).isFalse();
    }

    @Test
    void fewerFailuresThanTheLimitWithinAPeriodNeverLockOut() {
        for (int i = 0; i < 3 * JmxLoginFailures.MAX_FAILURES; i++) {
            fail("10.0.0.1", 1);
            clock.now = clock.now.plus(JmxLoginFailures.PERIOD.dividedBy(JmxLoginFailures.MAX_FAILURES - 1));
            assertThat(failures.lockedOut("10.0.0.1")).as("failure " + i).isFalse();
        }
    }

    @Test
    void aSuccessClearsItsAddress() {
        fail("10.0.0.1", JmxLoginFailures.MAX_FAILURES - 1);
        failures.succeeded("10.0.0.1");
        fail("10.0.0.1", JmxLoginFailures.MAX_FAILURES - 1);
        assertThat(failures.lockedOut("10.0.0.1")).isFalse();
    }

    @Test
    void theLongestUnseenAddressIsForgottenPastTheBound() {
        fail("10.0.0.1", JmxLoginFailures.MAX_FAILURES);
        for (int i = 0; i < JmxLoginFailures.MAX_ADDRESSES; i++) {
            fail("fd00::" + Integer.toHexString(i), 1);
        }
        assertThat(failures.lockedOut("10.0.0.1")).isFalse();
        assertThat(failures.lockedOut("fd00::0")).isFalse();
        fail("fd00::1", JmxLoginFailures.MAX_FAILURES - 1);
        assertThat(failures.lockedOut("fd00::1")).as("still remembered").isTrue();
    }
}
