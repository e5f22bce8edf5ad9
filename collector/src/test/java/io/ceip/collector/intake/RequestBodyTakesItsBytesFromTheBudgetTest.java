package io.ceip.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ceip.collector.answer.Refusal;
import io.ceip.collector.answer.RefusedException;
import io.ceip.collector.support.Reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A request's body takes its bytes from the node's budget of reports in progress before it inflates them: past the
 * budget 503 busy with Retry-After: 5, never 413 (the agent files a 413 as rejected); over the report's own limit 413
 * as before; every byte given back once; the budget never below one request at the limits (review s21 collector H2).
 * A request takes its body and its declared report size at once or not at all, so that requests arriving together
 * cannot each hold a part and all be refused (the collector's CI, 2026-12-07); a size declared falsely gains nothing.
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
        assertThat(reservation.taken()).as("its whole share at once, or nothing: no part of the budget held")
                .isZero();
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
    void maximalReportsArrivingTogetherAgainstABudgetOfOneAlwaysLeaveOneTaken() throws Exception {
        DecompressedBytesInProgress budget = new DecompressedBytesInProgress(
                DecompressedBytesInProgress.budget(1, 0, MIB, MIB));
        byte[] gzip = Reports.gzip(new byte[MIB - 100]);
        int requests = 12;
        ExecutorService threads = Executors.newFixedThreadPool(requests);
        try {
            for (int round = 0; round < 30; round++) {
                CyclicBarrier together = new CyclicBarrier(requests);
                List<Future<Boolean>> taken = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    taken.add(threads.submit(() -> {
                        try (DecompressedBytesInProgress.Reservation reservation = budget.reserve()) {
                            together.await(30, TimeUnit.SECONDS);
                            RequestBody.read("application/json", "gzip", gzip, MIB, MIB, reservation);
                            return true;
                        } catch (RefusedException busy) {
                            assertThat(busy.refusal()).isEqualTo(Refusal.BUSY);
                            return false;
                        }
                    }));
                }
                int read = 0;
                for (Future<Boolean> one : taken) {
                    read += one.get(60, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(read).as("round %d: one of the twelve at least was read", round).isPositive();
                assertThat(budget.held()).isZero();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aDeclaredSizeIsNoMoreThanAHintForTheShareTakenFirst() throws Exception {
        DecompressedBytesInProgress budget = new DecompressedBytesInProgress(
                DecompressedBytesInProgress.budget(1, 0, MIB, MIB));
        byte[] large = new byte[700 * 1024];
        large[17] = 1;
        byte[] twoMembers = concat(Reports.gzip(large), Reports.gzip(new byte[] {'x'}));
        assertThat(RequestBody.declaredSize(twoMembers)).as("the last member's size only").isEqualTo(1);
        try (DecompressedBytesInProgress.Reservation reservation = budget.reserve()) {
            byte[] read = RequestBody.read("application/json", "gzip", twoMembers, MIB, MIB, reservation);
            assertThat(read).hasSize(large.length + 1);
            assertThat(reservation.taken()).as("past the declared size a step at a time")
                    .isGreaterThanOrEqualTo(read.length);
        }

        byte[] forged = Reports.gzip(new byte[1000]);
        Arrays.fill(forged, forged.length - 4, forged.length, (byte) 0xff);
        assertThat(RequestBody.declaredSize(forged)).isEqualTo(0xffffffffL);
        try (DecompressedBytesInProgress.Reservation reservation = budget.reserve()) {
            RefusedException refused = catchThrowableOfType(RefusedException.class,
                    () -> RequestBody.read("application/json", "gzip", forged, MIB, MIB, reservation));
            assertThat(refused.refusal()).as("4 GiB declared: taken as the limit, then the trailer found false")
                    .isEqualTo(Refusal.NOT_GZIP);
            assertThat(reservation.taken()).isLessThanOrEqualTo(budget.max());
        }
        assertThat(budget.held()).isZero();
        assertThat(RequestBody.declaredSize(new byte[17])).as("too short to be gzip").isZero();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void theBudgetIsASixteenthOfTheHeapUnlessSet() {
        assertThat(DecompressedBytesInProgress.budget(0, 512L * MIB, MIB, MIB)).isEqualTo(32L * MIB);
        assertThat(DecompressedBytesInProgress.budget(64L * MIB, 512L * MIB, MIB, MIB)).isEqualTo(64L * MIB);
        assertThat(DecompressedBytesInProgress.budget(1, 512L * MIB, MIB, 8L * MIB))
                .as("never below one request at the limits").isGreaterThanOrEqualTo(9L * MIB);
    }
}
