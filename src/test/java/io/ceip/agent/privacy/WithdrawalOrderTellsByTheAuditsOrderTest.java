package io.ceip.agent.privacy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mark a kept report carries against the audit's last withdrawal now; a forged one withdraws it; a report kept
 * without one is judged by its collection time, as earlier versions judged it.
 */
class WithdrawalOrderTellsByTheAuditsOrderTest {

    private static final Instant WITHDRAWAL = Instant.parse("2026-12-07T01:00:00Z");
    /** The report's collection time: after the withdrawal, which the marks must outweigh. */
    private static final Instant COLLECTED = WITHDRAWAL.plusSeconds(3600);

    @Test
    void theWithdrawalOnRecordAtCollectionDoesNotWithdrawTheReport() {
        assertThat(WithdrawalOrder.withdrawnSince(WITHDRAWAL.toString(), COLLECTED, WITHDRAWAL)).isFalse();
    }

    @Test
    void aLaterWithdrawalThanTheMarkOrAnyWhenNoneWasOnRecordWithdrawsIt() {
        assertThat(WithdrawalOrder.withdrawnSince(WITHDRAWAL.minusSeconds(1).toString(), COLLECTED, WITHDRAWAL))
                .isTrue();
        assertThat(WithdrawalOrder.withdrawnSince(WithdrawalOrder.NONE, COLLECTED, WITHDRAWAL)).isTrue();
    }

    @Test
    void withoutAMarkTheCollectionTimeDecidesAsInEarlierVersions() {
        assertThat(WithdrawalOrder.withdrawnSince(null, COLLECTED, COLLECTED.plusSeconds(1))).isTrue();
        assertThat(WithdrawalOrder.withdrawnSince(null, COLLECTED, COLLECTED)).isFalse();
        assertThat(WithdrawalOrder.withdrawnSince(null, COLLECTED, Instant.EPOCH)).isFalse();
    }

    @Test
    void aForgedMarkWithdrawsItWhateverTheTimes() {
        assertThat(WithdrawalOrder.withdrawnSince("9999-12-31T23:59:59Z\n", COLLECTED, WITHDRAWAL)).isTrue();
        assertThat(WithdrawalOrder.withdrawnSince("later", COLLECTED, WITHDRAWAL)).isTrue();
        assertThat(WithdrawalOrder.withdrawnSince(WITHDRAWAL.plusSeconds(1).toString(), COLLECTED, WITHDRAWAL))
                .as("a mark later than the last withdrawal on record: forged, or the log lost withdrawals").isTrue();
    }
}
