package io.ceip.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The table of addresses with a slow body: an address stays penalised for the penalty's time after its last slow
 * body, then is forgotten; the table never holds more than its bound (a client with more addresses than that is not
 * penalised for the new ones, the others keep theirs), and expired addresses make room.
 */
class SlowAddressesForgetAndStayBoundedTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void anAddressIsPenalisedForThePenaltyAfterItsLastSlowBodyThenForgotten() {
        SlowAddresses slow = new SlowAddresses(now::get, 10);
        assertThat(slow.penalised("203.0.113.7")).isFalse();
        slow.slow("203.0.113.7");
        now.addAndGet(SlowAddresses.PENALTY_MILLIS - 1);
        assertThat(slow.penalised("203.0.113.7")).isTrue();
        assertThat(slow.penalised("203.0.113.8")).isFalse();
        slow.slow("203.0.113.7"); // slow again: the penalty runs from now
        now.addAndGet(SlowAddresses.PENALTY_MILLIS - 1);
        assertThat(slow.penalised("203.0.113.7")).isTrue();
        now.addAndGet(1);
        assertThat(slow.penalised("203.0.113.7")).isFalse();
        assertThat(slow.size()).isZero();
    }

    @Test
    void theTableHoldsAtMostItsBoundAndExpiredAddressesMakeRoom() {
        SlowAddresses slow = new SlowAddresses(now::get, 3);
        for (int i = 0; i < 1000; i++) {
            slow.slow("198.51.100." + i);
        }
        assertThat(slow.size()).isEqualTo(3);
        assertThat(slow.penalised("198.51.100.0")).isTrue();
        assertThat(slow.penalised("198.51.100.999")).isFalse();
        slow.slow("198.51.100.1"); // already there: its penalty renewed even when the table is full
        now.addAndGet(SlowAddresses.PENALTY_MILLIS / 2);
        slow.slow("198.51.100.1");
        now.addAndGet(SlowAddresses.PENALTY_MILLIS / 2);
        slow.slow("198.51.100.500"); // .0 and .2 have expired: room for it
        assertThat(slow.penalised("198.51.100.500")).isTrue();
        assertThat(slow.penalised("198.51.100.1")).isTrue();
        assertThat(slow.size()).isLessThanOrEqualTo(3);
    }
}
