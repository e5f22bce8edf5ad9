package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ceip.collector.answer.RefusedException;
import io.ceip.collector.intake.DecompressedBytesInProgress;
import io.ceip.collector.intake.Intake;
import io.ceip.collector.validate.Report;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single node's in-process hand-off: a runtime failure of the store's own code (here: a report the intake's
 * reading handed on without its bytes, as a bug would) is the collector's, not the report's, so the intake answers it
 * 503 (the agent sends the report again), never 400 {@code report refused by the database} (the agent drops it).
 * Before: the step named the hand-off as a record's place, so the store counted the failure as the record's and
 * answered REJECTED, which the intake refused with 400. A Kafka record whose insert fails so is still REJECTED (the
 * consumer moves past it).
 */
class StoreStepsHandTheStoresOwnFailuresBackTest {

    @TempDir
    Path dir;

    @Test
    void aRuntimeFailureOfTheInProcessStoreIsNotARefusal() throws Exception {
        try (ReportStore store = new ReportStore("jdbc:h2:file:" + Files.createDirectories(dir).resolve("db"),
                "ceip", "", 100, 100)) {
            store.createSchema();
            Report broken = new Report("0b8e1f8e-8d9c-4a59-b6a4-1b1d1c1a1f00", "1c8e1f8e-8d9c-4a59-b6a4-1b1d1c1a1f00",
                    null, "Demo Monitoring", "1.0", null, null, null, "basic", null, null);
            StoreSteps steps = new StoreSteps(store, 10, 1000);
            Intake intake = new Intake(null, null, store, 1024, 1024, new DecompressedBytesInProgress(1 << 20));

            Throwable failure = catchThrowable(() -> intake.handedOff(steps.store(null, broken, null, null, null, null, null)));

            assertThat(failure).isNotNull().isNotInstanceOf(RefusedException.class);
            assertThat(store.count()).isZero();
            assertThat(store.rejected()).isZero();
            assertThat(steps.store(null, null, null, "ceip-reports", 0, 12L, null)).isEqualTo("REJECTED");
        }
    }
}
