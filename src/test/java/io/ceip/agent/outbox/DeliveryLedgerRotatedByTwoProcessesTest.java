package io.ceip.agent.outbox;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent and a command beside it ({@code send}, {@code requeue}, {@code export}) append to one ledger and each
 * rotates it past its size. Both rotating at once shifted the rotated files twice, the second shift replacing a
 * rotated file the first had just made: its lines were gone; and a ledger looked at while the other moved it away
 * was taken for a file not the agent's and set aside, the new file with it. Two ledgers of one file in one JVM stand for the two
 * processes (the lock of another channel of this JVM is not taken, as another process's is not).
 */
class DeliveryLedgerRotatedByTwoProcessesTest {

    private static final int WRITERS = 4;
    private static final int LINES_EACH = 600;

    @TempDir
    Path dir;

    @Test
    void noLineIsLostWhenTwoProcessesRotateTheLedgerAtOnce() throws Exception {
        Path file = dir.resolve("ledger.log");
        List<DeliveryLedger> processes = List.of(new DeliveryLedger(file, 8_000, 100, Clock.systemUTC()),
                new DeliveryLedger(file, 8_000, 100, Clock.systemUTC()));
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            DeliveryLedger ledger = processes.get(w % 2);
            int writer = w;
            writers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < LINES_EACH; i++) {
                    ledger.record(String.format("00000000-0000-4000-8000-%04d%08d", writer, i), "ab".repeat(32), 431,
                            "HTTP_202", 1);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> writer : writers) {
            writer.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("nothing set aside as not the agent's")
                    .noneMatch(name -> name.contains("refused"));
        }
        Set<String> ids = new HashSet<>();
        int lines = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path ledgerFile : files.filter(p -> p.getFileName().toString().matches("ledger\\.log(\\.\\d+)?"))
                    .toList()) {
                for (DeliveryLedger.Entry entry : DeliveryLedger.read(ledgerFile)) {
                    ids.add(entry.reportId());
                    lines++;
                }
            }
        }
        assertThat(lines).as("ledger lines in ledger.log and its rotations").isEqualTo(WRITERS * LINES_EACH);
        assertThat(ids).hasSize(WRITERS * LINES_EACH);
    }

    /** A directory planted where the lock file goes: one WARN line, and the ledger is rotated without the lock. */
    @Test
    void aLockFileThatCannotBeOpenedIsOneLineAndTheLedgerStillRotates() throws Exception {
        Path file = dir.resolve("ledger.log");
        Files.createDirectories(dir.resolve("ledger.log.lock/planted"));
        DeliveryLedger ledger = new DeliveryLedger(file, 2_000, 3, Clock.systemUTC());
        try (LogCapture log = LogCapture.attach()) {
            for (int i = 0; i < 40; i++) {
                ledger.record(String.format("00000000-0000-4000-8000-%012d", i), "ab".repeat(32), 431, "HTTP_202", 1);
            }
            assertThat(log.shown().lines().filter(line -> line.contains("ledger.log.lock"))).singleElement()
                    .asString().contains("cannot be opened").contains("rotated without it");
        }
        assertThat(Files.size(file)).isLessThanOrEqualTo(2_000);
        assertThat(dir.resolve("ledger.log.1")).exists();
        assertThat(dir.resolve("ledger.log.lock/planted")).as("left as it is").isDirectory();
    }
}
