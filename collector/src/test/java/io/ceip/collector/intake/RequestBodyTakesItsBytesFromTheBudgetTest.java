package io.ceip.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ceip.collector.answer.Refusal;
import io.ceip.collector.answer.RefusedException;
import io.ceip.collector.support.Reports;

import org.junit.jupiter.api.Test;

/**
 * A request's body takes its bytes from the node's budget of reports in progress before it inflates them: past the
 * budget 503 busy with Retry-After: 5, never 413 (the agent files a 413 as rejected); over the report's own limit 413
 * as before; every byte given back once; the budget never below one request at the limits (review s21 collector H2).
 */
class RequestBodyTakesItsBytesFromTheBudgetTest {

    private static final int MIB = 1 << 20;

    @Test
    void aReportPastTheBudgetIsBusyNotTooLargeAndItsBytesAreGivenBack() throws Exception {
        DecompressedBytesInProgress budget = new DecompressedBytesInProgress(MIB);
        byte[] gzip = Reports.gzip(new byte[2 * MIB]);
        DecompressedBytesInProgress.Reservation other = budget.reserve();
        assertThat(other.take(MIB / 2)).isTrue();

        DecompressedBytesInProgress.Reservation reservation = budget.reserve();
        RefusedException refused = catchThrowableOfType(RefusedException.class, () -> RequestBody.read(
                "application/json", "gzip", gzip, MIB, 4 * MIB, reservation));

        assertThat(refused.refusal()).isEqualTo(Refusal.BUSY);
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getRetryAfter()).isEqualTo(5);
        assertThat(refused.getNote()).contains("collector.intake.max-decompressed-bytes-in-progress");
        assertThat(budget.held()).as("what it took before the refusal is still its own")
                .isBetween((long) MIB / 2 + gzip.length, (long) MIB);
        reservation.close();
        reservation.close();
        assertThat(budget.held()).as("given back once").isEqualTo(MIB / 2);
        other.close();
        assertThat(budget.held()).isZero();
    }

    @Test
    void aReportOverItsLimitIs413AndOneWithinIsReadWholeWithinTheBudget() throws Exception {
        DecompressedBytesInProgress budget = new DecompressedBytesInProgress(
                DecompressedBytesInProgress.budget(1, 0, MIB, MIB));
        try (DecompressedBytesInProgress.Reservation reservation = budget.reserve()) {
            RefusedException refused = catchThrowableOfType(RefusedException.class, () -> RequestBody.read(
                    "application/json", "gzip", Reports.gzip(new byte[MIB + 1]), MIB, MIB, reservation));
            assertThat(refused.refusal()).isEqualTo(Refusal.DECOMPRESSED_TOO_LARGE);
        }
        try (DecompressedBytesInProgress.Reservation reservation = budget.reserve()) {
            byte[] report = new byte[MIB];
            report[MIB - 1] = 7;
            assertThat(RequestBody.read("application/json", "gzip", Reports.gzip(report), MIB, MIB, reservation))
                    .as("one report at the limit, alone, always fits the budget").isEqualTo(report);
            assertThat(reservation.taken()).isLessThanOrEqualTo(budget.max());
        }
        assertThat(budget.held()).isZero();
    }

    @Test
    void theBudgetIsASixteenthOfTheHeapUnlessSet() {
        assertThat(DecompressedBytesInProgress.budget(0, 512L * MIB, MIB, MIB)).isEqualTo(32L * MIB);
        assertThat(DecompressedBytesInProgress.budget(64L * MIB, 512L * MIB, MIB, MIB)).isEqualTo(64L * MIB);
        assertThat(DecompressedBytesInProgress.budget(1, 512L * MIB, MIB, 8L * MIB))
                .as("never below one request at the limits").isGreaterThanOrEqualTo(9L * MIB);
    }
}
