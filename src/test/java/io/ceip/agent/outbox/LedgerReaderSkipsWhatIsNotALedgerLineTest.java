package io.ceip.agent.outbox;

import io.ceip.agent.support.SetClock;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger is read as a hostile file (review s17 H2, L1): a torn line (a write cut by a full disk right after
 * {@code attempt=}), a line whose time, size or attempt is not what the agent writes, and a line too long are
 * skipped, never fatal to the start or to {@code status}; a file of any size is read in one pass without being held;
 * and the next line appended after a torn one stands on its own line.
 */
class LedgerReaderSkipsWhatIsNotALedgerLineTest {

    private static final String DELIVERED = "2026-12-05T10:00:00.000Z %s sha256=ab bytes=10 outcome=HTTP_202 attempt=1"
            + " destination=vendor\n";

    @TempDir
    Path dir;

    @Test
    void tornAndGarbageLinesAreSkippedAndTheStatusRestoredFromTheRest() throws Exception {
        String delivered = UUID.randomUUID().toString();
        String failed = UUID.randomUUID().toString();
        Path file = dir.resolve("ledger.log");
        Files.writeString(file, String.format(DELIVERED, delivered)
                + "garbage " + UUID.randomUUID() + " sha256=ab bytes=10 outcome=HTTP_202 attempt=1 destination=vendor\n"
                + "2026-12-05T10:01:00.000Z " + failed + " sha256=ab bytes=10 outcome=HTTP_503 attempt=1\n"
                + "2026-12-05T10:02:00.000Z " + UUID.randomUUID() + " sha256=ab bytes=x outcome=HTTP_202 attempt=1\n"
                + "2026-12-05T10:03:00.000Z " + UUID.randomUUID() + " sha256=ab bytes=10 outcome=HTTP_202"
                + " attempt=1 destination=" + "v".repeat(LedgerReader.MAX_LINE_BYTES) + "\n"
                + "2026-12-05T10:04:00.000Z " + UUID.randomUUID() + " sha256=ab bytes=10 outcome=HTTP_503 attempt=");
        DeliveryLedger ledger = new DeliveryLedger(file, Long.MAX_VALUE, 1, new SetClock("2026-12-05T11:00:00Z"));

        assertThat(ledger.entries()).extracting(DeliveryLedger.Entry::reportId).containsExactly(delivered, failed);
        AgentStatus status = new AgentStatus();
        status.restore(ledger);
        assertThat(status.lastStatus()).isEqualTo("HTTP 503");
        assertThat(status.lastSuccess()).hasToString("2026-12-05T10:00:00Z");
    }

    @Test
    void aLineAppendedAfterATornOneStandsOnItsOwn() throws Exception {
        Path file = dir.resolve("ledger.log");
        Files.writeString(file, String.format(DELIVERED, UUID.randomUUID()) + "2026-12-05T10:04:00.000Z "
                + UUID.randomUUID() + " sha256=ab bytes=10 outc");
        DeliveryLedger ledger = new DeliveryLedger(file, Long.MAX_VALUE, 1, new SetClock("2026-12-05T11:00:00Z"));
        String next = UUID.randomUUID().toString();

        ledger.record(next, "cd", 20, "HTTP_202", 1);
        ledger.record(UUID.randomUUID().toString(), "cd", 20, "HTTP_202", 1);

        assertThat(ledger.entries()).hasSize(3).element(1).extracting(DeliveryLedger.Entry::reportId).isEqualTo(next);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).doesNotContain("\n\n");
    }

    /**
     * The running agent and a one-shot command ({@code requeue}, {@code send}) append to the same ledger: a line of
     * the agent after the command's torn one stands on its own too (review of the s17 fixes: the agent looked for a
     * torn tail only before its own first line).
     */
    @Test
    void aLineAfterAnotherProcesssTornLineStandsOnItsOwn() throws Exception {
        Path file = dir.resolve("ledger.log");
        DeliveryLedger agent = new DeliveryLedger(file, Long.MAX_VALUE, 1, new SetClock("2026-12-05T11:00:00Z"));
        agent.record(UUID.randomUUID().toString(), "ab", 10, "HTTP_202", 1);
        Files.write(file, ("2026-12-05T11:00:01.000Z " + UUID.randomUUID() + " sha256=ab bytes=10 outc")
                .getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        String next = UUID.randomUUID().toString();

        agent.record(next, "cd", 20, "HTTP_503", 1);

        assertThat(agent.entries()).extracting(DeliveryLedger.Entry::reportId).hasSize(2).last().isEqualTo(next);
        assertThat(agent.latest().lastAttempt()).hasValueSatisfying(entry -> assertThat(entry.outcome())
                .isEqualTo("HTTP_503"));
    }

    /**
     * A torn line cut on a field boundary ({@code attempt=1} of {@code attempt=12 destination=customer}) is marked torn
     * when the next line is appended, never read as an entry with cut values; a line whose fields are not under their
     * names, or whose time is past what the status can hold (year 9999), is no entry either.
     */
    @Test
    void aTornLineCutOnAFieldIsMarkedAndLinesOfAnotherFormSkipped() throws Exception {
        Path file = dir.resolve("ledger.log");
        String torn = UUID.randomUUID().toString();
        Files.writeString(file, "+1000000000-01-01T00:00:00.000Z " + UUID.randomUUID()
                + " sha256=ab bytes=10 outcome=HTTP_202 attempt=1 destination=vendor\n"
                + "2026-12-05T10:03:00.000Z " + UUID.randomUUID() + " sha256=ab outcome=HTTP_202 bytes=10 attempt=1\n"
                + "2026-12-05T10:04:00.000Z " + torn + " sha256=ab bytes=10 outcome=HTTP_202 attempt=1");
        DeliveryLedger ledger = new DeliveryLedger(file, Long.MAX_VALUE, 1, new SetClock("2026-12-05T11:00:00Z"),
                "customer");
        String next = UUID.randomUUID().toString();

        ledger.record(next, "cd", 20, "HTTP_503", 1);

        assertThat(ledger.entries()).extracting(DeliveryLedger.Entry::reportId).containsExactly(next);
        assertThat(Files.readString(file)).contains(torn + " sha256=ab bytes=10 outcome=HTTP_202 attempt=1 torn\n");
        AgentStatus status = new AgentStatus();
        status.restore(ledger);
        assertThat(status.lastSuccess()).isNull();
    }

    @Test
    void aHugeFileIsReadInOnePassWithoutBeingHeld() throws Exception {
        Path file = dir.resolve("ledger.log");
        byte[] chunk = new byte[1024 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
            }
            out.write(("\n" + String.format(DELIVERED, UUID.randomUUID())).getBytes(StandardCharsets.UTF_8));
        }
        DeliveryLedger ledger = new DeliveryLedger(file, 1024 * 1024, 5, new SetClock("2026-12-05T10:00:00Z"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        AgentStatus status = new AgentStatus();
        status.restore(ledger);

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated to restore the status from"
                + " a 64 MiB ledger.log").isLessThan(16L * 1024 * 1024);
        assertThat(status.lastStatus()).isEqualTo("HTTP 202");
    }
}
