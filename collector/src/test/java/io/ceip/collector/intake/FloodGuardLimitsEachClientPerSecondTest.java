package io.ceip.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The per-client rate limit, on a clock the test moves. */
class FloodGuardLimitsEachClientPerSecondTest {

    @Test
    void theRequestPastTheLimitIsRefusedUntilTheNextSecondAndOtherClientsAreNotAffected() {
        AtomicLong now = new AtomicLong(10_000);
        FloodGuard guard = new FloodGuard(3, now::get);

        assertThat(guard.allow("10.0.0.1")).isTrue();
        assertThat(guard.allow("10.0.0.1")).isTrue();
        assertThat(guard.allow("10.0.0.1")).isTrue();
        assertThat(guard.allow("10.0.0.1")).isFalse();
        assertThat(guard.allow("10.0.0.2")).isTrue();
        now.addAndGet(999);
        assertThat(guard.allow("10.0.0.1")).as("the same second").isFalse();
        now.addAndGet(1);
        assertThat(guard.allow("10.0.0.1")).as("the next second").isTrue();
    }

    @Test
    void onlyTheFirstRefusalOfAClientsSecondIsToldApart() {
        AtomicLong now = new AtomicLong(10_000);
        FloodGuard guard = new FloodGuard(1, now::get);

        assertThat(guard.admit("10.0.0.1")).isEqualTo(FloodGuard.Admission.ALLOWED);
        assertThat(guard.admit("10.0.0.1")).isEqualTo(FloodGuard.Admission.REFUSED);
        assertThat(guard.admit("10.0.0.1")).isEqualTo(FloodGuard.Admission.REFUSED_AGAIN);
        assertThat(guard.admit("10.0.0.1")).isEqualTo(FloodGuard.Admission.REFUSED_AGAIN);
        assertThat(guard.admit("10.0.0.2")).isEqualTo(FloodGuard.Admission.ALLOWED);
        assertThat(guard.admit("10.0.0.2")).isEqualTo(FloodGuard.Admission.REFUSED);
        now.addAndGet(1000);
        assertThat(guard.admit("10.0.0.1")).isEqualTo(FloodGuard.Admission.ALLOWED);
        assertThat(guard.admit("10.0.0.1")).as("the next second's first").isEqualTo(FloodGuard.Admission.REFUSED);
    }

    @Test
    void zeroMeansNoLimit() {
        FloodGuard guard = new FloodGuard(0, () -> 0L);

        for (int i = 0; i < 10_000; i++) {
            assertThat(guard.allow("10.0.0.1")).isTrue();
        }
    }
}
