package io.ceip.agent.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLedgerRotationTest {

    @TempDir
    Path dir;

    @Test
    void theLedgerRotatesPastItsSizeAndKeepsTheConfiguredNumberOfFiles() throws Exception {
        DeliveryLedger ledger = new DeliveryLedger(dir.resolve("ledger.log"), 400, 2, Clock.systemUTC());

        for (int i = 0; i < 20; i++) {
            ledger.record("00000000-0000-4000-8000-0000000000" + (10 + i), "ab".repeat(32), 431, "HTTP_202", 1);
        }

        assertThat(Files.size(dir.resolve("ledger.log"))).isLessThanOrEqualTo(400);
        assertThat(dir.resolve("ledger.log.1")).exists();
        assertThat(dir.resolve("ledger.log.2")).exists();
        assertThat(dir.resolve("ledger.log.3")).doesNotExist();
        assertThat(ledger.latest().lastAttempt()).get().extracting(DeliveryLedger.Entry::reportId)
                .isEqualTo("00000000-0000-4000-8000-000000000029");
        assertThat(DeliveryLedger.read(dir.resolve("ledger.log.1"))).isNotEmpty()
                .allSatisfy(entry -> assertThat(entry.outcome()).isEqualTo("HTTP_202"));
    }

    /** keep-files=0 means no rotated file kept; ledger.log.1 was kept all the same (review s20 L2). */
    @Test
    void keepFilesZeroKeepsNoRotatedFile() throws Exception {
        DeliveryLedger ledger = new DeliveryLedger(dir.resolve("ledger.log"), 400, 0, Clock.systemUTC());

        for (int i = 0; i < 20; i++) {
            ledger.record("00000000-0000-4000-8000-0000000000" + (10 + i), "ab".repeat(32), 431, "HTTP_202", 1);
        }

        try (var names = Files.list(dir)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ledger.log", "ledger.log.lock");
        }
        assertThat(Files.size(dir.resolve("ledger.log"))).isLessThanOrEqualTo(400);
        assertThat(ledger.latest().lastAttempt()).get().extracting(DeliveryLedger.Entry::reportId)
                .isEqualTo("00000000-0000-4000-8000-000000000029");
    }
}
