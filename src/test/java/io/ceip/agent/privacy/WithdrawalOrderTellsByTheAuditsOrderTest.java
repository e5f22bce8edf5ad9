package io.ceip.agent.privacy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The mark a kept report carries against the audit's last withdrawal now; any doubt withdraws it. */
class WithdrawalOrderTellsByTheAuditsOrderTest {

    private static final Instant WITHDRAWAL = Instant.parse("2026-12-07T01:00:00Z");

    @Test
    void theWithdrawalOnRecordAtCollectionDoesNotWithdrawTheReport() {
        assertThat(WithdrawalOrder.withdrawnSince(WITHDRAWAL.toString(), WITHDRAWAL)).isFalse();
    }

    @Test
    void aLaterWithdrawalThanTheMarkOrAnyWhenNoneWasOnRecordWithdrawsIt() {
        assertThat(WithdrawalOrder.withdrawnSince(WITHDRAWAL.minusSeconds(1).toString(), WITHDRAWAL)).isTrue();
        assertThat(WithdrawalOrder.withdrawnSince(WithdrawalOrder.NONE, WITHDRAWAL)).isTrue();
    }

    @Test
    void aMissingOrForgedMarkWithdrawsItWhateverTheTimes() {
        assertThat(WithdrawalOrder.withdrawnSince(null, Instant.EPOCH)).isTrue();
        assertThat(WithdrawalOrder.withdrawnSince("9999-12-31T23:59:59Z\n", WITHDRAWAL)).isTrue();
        assertThat(WithdrawalOrder.withdrawnSince("later", WITHDRAWAL)).isTrue();
        assertThat(WithdrawalOrder.withdrawnSince(WITHDRAWAL.plusSeconds(1).toString(), WITHDRAWAL))
                .as("a mark later than the last withdrawal on record: forged, or the log lost withdrawals").isTrue();
    }
}
