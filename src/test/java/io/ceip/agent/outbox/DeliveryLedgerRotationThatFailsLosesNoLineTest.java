package io.ceip.agent.outbox;

import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.SetClock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s20 M5: a rotation that could not delete its oldest file dropped every later line. Now the oldest file is
 * moved aside when it cannot be deleted; and a rotation that fails all the same never costs a line: it is appended past
 * the size, one WARN says so, and the rotation is tried again later.
 */
class DeliveryLedgerRotationThatFailsLosesNoLineTest {

    @TempDir
    Path dir;

    @Test
    void anOldestFileThatCannotBeDeletedIsMovedAsideAndNoLineIsLost() throws Exception {
        Path blocker = dir.resolve("ledger.log.5");
        Files.createDirectories(blocker.resolve("x")); // a non-empty directory: deleteIfExists fails
        DeliveryLedger ledger = new DeliveryLedger(dir.resolve("ledger.log"), 4096, 5, new SetClock("2026-12-05T10:00:00Z"));

        List<String> ids;
        String log;
        try (LogCapture capture = LogCapture.attach()) {
            ids = record(ledger, 60); // about 190 bytes a line: past 4096 bytes after ~21 lines
            log = capture.all();
        }

        assertThat(allIds("ledger.log", "ledger.log.1", "ledger.log.2")).containsExactlyElementsOf(ids);
        try (var names = Files.list(dir)) {
            assertThat(names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ledger.log.5.refused-")))
                    .singleElement();
        }
        assertThat(log).containsOnlyOnce("oldest rotated file").contains("ledger.log.5 cannot be deleted");
    }

    @Test
    void aRotationThatFailsAppendsPastTheSizeWarnsOnceAndIsTriedAgainLater() throws Exception {
        // a name so long that the oldest file cannot be moved aside either (past 255 bytes): every rotation fails
        Path file = dir.resolve("l".repeat(230));
        Path blocker = dir.resolve(file.getFileName() + ".1");
        Files.createDirectories(blocker.resolve("x"));
        DeliveryLedger ledger = new DeliveryLedger(file, 4096, 1, new SetClock("2026-12-05T10:00:00Z"));

        List<String> ids;
        String log;
        try (LogCapture capture = LogCapture.attach()) {
            ids = record(ledger, 60);
            log = capture.all();
        }

        assertThat(ledger.entries()).extracting(DeliveryLedger.Entry::reportId).containsExactlyElementsOf(ids);
        assertThat(Files.size(file)).isGreaterThan(4096);
        assertThat(log.lines().filter(line -> line.contains("cannot be rotated"))).as(log).hasSize(1);
        assertThat(log).contains("none is lost");

        Files.delete(blocker.resolve("x")); // the blocker goes: the next line rotates
        Files.delete(blocker);
        String next;
        try (LogCapture capture = LogCapture.attach()) {
            next = record(ledger, 1).get(0);
            log = capture.all();
        }
        assertThat(ledger.entries()).extracting(DeliveryLedger.Entry::reportId).containsExactly(next);
        assertThat(DeliveryLedger.read(blocker)).extracting(DeliveryLedger.Entry::reportId).containsExactlyElementsOf(ids);
        assertThat(log).contains("is rotated again");
    }

    private static List<String> record(DeliveryLedger ledger, int lines) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            String id = UUID.randomUUID().toString();
            ledger.record(id, "ab".repeat(32), 1000, "HTTP 202", 1);
            ids.add(id);
        }
        return ids;
    }

    private List<String> allIds(String... newestLast) {
        List<String> ids = new ArrayList<>();
        for (int i = newestLast.length - 1; i >= 0; i--) {
            DeliveryLedger.read(dir.resolve(newestLast[i])).forEach(entry -> ids.add(entry.reportId()));
        }
        return ids;
    }
}
