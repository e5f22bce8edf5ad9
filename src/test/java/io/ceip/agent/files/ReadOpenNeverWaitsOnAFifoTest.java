package io.ceip.agent.files;

import io.ceip.agent.collect.InventoryFile;

import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A file is checked to be a regular file, then opened by name: whoever writes its directory (the product, for its
 * inventory file or the events spool) can rename a fifo over it in between, and a read-only open of a fifo waits for a
 * writer for ever — the report cycle with it. Opens to read never wait on one: read-write where the agent may write
 * the file (which a fifo answers at once, then refused as not seekable), else on a thread given a few seconds.
 */
class ReadOpenNeverWaitsOnAFifoTest {

    @TempDir
    Path dir;

    @Test
    void aFifoRenamedOverAnInventoryFileBetweenItsCheckAndItsOpenNeverBlocksTheRead() throws Exception {
        Path file = dir.resolve("components.json");
        Path regular = dir.resolve("regular.json");
        Path fifo = dir.resolve("fifo.json");
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.writeString(regular, "[{\"name\":\"monitoring-core\",\"version\":\"1.0.0\"}]");
                    Files.move(regular, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    mkfifo(fifo);
                    Files.move(fifo, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (Exception e) {
                stop.set(true);
            }
        });
        swapper.setDaemon(true);
        swapper.start();
        AtomicInteger read = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try {
            assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
                for (int i = 0; i < 3_000 && !stop.get(); i++) {
                    try {
                        InventoryFile.read(file, 1 << 20);
                        read.incrementAndGet();
                    } catch (InventoryFile.Refused fifoOrNone) {
                        refused.incrementAndGet();
                    }
                }
            });
        } finally {
            stop.set(true);
            swapper.join(10_000);
        }
        assertThat(read.get() + refused.get()).as("the swapping ran").isEqualTo(3_000);
        assertThat(refused.get()).as("the fifo was met").isPositive();
    }

    @Test
    void aFifoOpenedToReadIsRefusedAtOnce() throws Exception {
        Path fifo = mkfifo(dir.resolve("events.jsonl"));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> ReadOpen.regularFile(fifo))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("is not a regular file"));
    }

    @Test
    void aReadOnlyOpenThatWaitsIsRefusedAfterItsTimeAndAtMostFourWaitAtOnce() throws Exception {
        Path regular = Files.writeString(dir.resolve("regular"), "content");
        try (FileChannel channel = ReadOpen.within(regular, Duration.ofSeconds(1))) {
            assertThat(channel.size()).isEqualTo(7);
        }
        List<Path> fifos = new ArrayList<>();
        try {
            for (int i = 0; i < ReadOpen.MAX_WAITING; i++) {
                Path fifo = mkfifo(dir.resolve("fifo-" + i));
                fifos.add(fifo);
                assertThatThrownBy(() -> ReadOpen.within(fifo, Duration.ofMillis(300)))
                        .isInstanceOf(FileSystemException.class).hasMessageContaining("did not open within");
            }
            assertThatThrownBy(() -> ReadOpen.within(regular, Duration.ofSeconds(1)))
                    .as("no more threads left waiting on fifos").isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("not opened: 4 earlier opens never returned");
        } finally {
            for (Path fifo : fifos) { // a writer ends each wait: the threads end, the next test starts afresh
                FileChannel.open(fifo, StandardOpenOption.WRITE).close();
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (FileChannel channel = ReadOpen.within(regular, Duration.ofSeconds(1))) {
                assertThat(channel.size()).isEqualTo(7);
            }
        });
    }

    private static Path mkfifo(Path path) throws Exception {
        assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).isZero();
        return path;
    }
}
