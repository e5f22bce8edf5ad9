package io.ceip.agent.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger makes its directory when it is missing, and a ledger that cannot be written never fails a delivery. */
class DeliveryLedgerMissingDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void theFirstLineMakesTheDirectoryAndLaterLinesAppend() {
        Path file = dir.resolve("data/not-yet/ledger.log");
        DeliveryLedger ledger = new DeliveryLedger(file, 10_000, 2, Clock.systemUTC());

        ledger.record("00000000-0000-4000-8000-000000000001", "ab".repeat(32), 431, "HTTP 503", 1);
        ledger.record("00000000-0000-4000-8000-000000000001", "ab".repeat(32), 431, "HTTP 202", 2);

        assertThat(DeliveryLedger.read(file)).extracting(DeliveryLedger.Entry::outcome)
                .containsExactly("HTTP_503", "HTTP_202");
    }

    @Test
    void aDirectoryThatCannotBeMadeIsLoggedNotThrown() throws Exception {
        Path blocker = Files.writeString(dir.resolve("data"), "a file where the directory should be");
        DeliveryLedger ledger = new DeliveryLedger(blocker.resolve("ledger.log"), 10_000, 2, Clock.systemUTC());

        ledger.record("00000000-0000-4000-8000-000000000002", "ab".repeat(32), 431, "HTTP_202", 1);

        assertThat(Files.readString(blocker)).isEqualTo("a file where the directory should be");
        assertThat(ledger.entries()).isEmpty();
    }
}
