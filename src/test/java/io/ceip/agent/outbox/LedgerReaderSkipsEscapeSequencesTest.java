package io.ceip.agent.outbox;

import io.ceip.agent.support.SetClock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ledger line holding anything but printable ASCII is not the agent's (it writes a time, a UUID, hex, numbers and
 * upper-case outcomes): it is skipped. Such a line was taken as the last delivery, and {@code status} (and the JMX
 * attributes restored from the ledger) showed its terminal escape sequences as they were.
 */
class LedgerReaderSkipsEscapeSequencesTest {

    @TempDir
    Path dir;

    @Test
    void aLineWithControlCharactersIsNotTheLastDelivery() throws Exception {
        String delivered = UUID.randomUUID().toString();
        Path file = dir.resolve("ledger.log");
        Files.writeString(file, "2026-12-05T10:00:00.000Z " + delivered + " sha256=ab bytes=10 outcome=HTTP_202"
                + " attempt=1 destination=vendor\n"
                + "2026-12-05T10:01:00.000Z \u001b[2J\u001b]0;owned\u0007 sha256=ab bytes=10 outcome=HTTP_202 attempt=1"
                + " destination=vendor\n"
                + "2026-12-05T10:02:00.000Z " + UUID.randomUUID() + " sha256=ab bytes=10 outcome=HTTP_202\u001b[31m"
                + " attempt=1\n"
                + "2026-12-05T10:03:00.000Z " + UUID.randomUUID() + " sha256=ab bytes=10 outcome=HTTP_202 attempt=1"
                + " destination=v\u00e9ndor\u202e\n");
        DeliveryLedger ledger = new DeliveryLedger(file, Long.MAX_VALUE, 1, new SetClock("2026-12-05T11:00:00Z"));

        assertThat(ledger.entries()).extracting(DeliveryLedger.Entry::reportId).containsExactly(delivered);
        assertThat(ledger.latest().lastSuccess()).hasValueSatisfying(entry -> assertThat(entry.reportId())
                .isEqualTo(delivered));
    }
}
