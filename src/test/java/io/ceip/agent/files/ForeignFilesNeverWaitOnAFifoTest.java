package io.ceip.agent.files;

import io.ceip.agent.collect.InventoryFile;

import java.io.IOException;
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
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A file in a directory another principal writes is checked to be a regular file, then opened by name: a fifo
 * renamed over it in between made the read-only open wait for a writer for ever, the report cycle with it. Foreign
 * opens run on a thread (of a bounded set, kept for the next open) given a few seconds; a path whose open never returned is refused at once, and at most
 * {@value ForeignFiles#MAX_WAITING} opens wait at once (past them, other files are left for later, not lost).
 */
class ForeignFilesNeverWaitOnAFifoTest {

    @TempDir
    Path dir;

    @Test
    void aFifoRenamedOverAnInventoryFileBetweenItsCheckAndItsOpenNeverBlocksTheRead() throws Exception {
        Path file = dir.resolve("components.json");
        Path regular = dir.resolve("regular.json");
        Path fifo = mkfifo(dir.resolve("fifo")); // kept linked here: a writer ends the waits at the end
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.writeString(regular, "[{\"name\":\"monitoring-core\",\"version\":\"1.0.0\"}]");
                    Files.move(regular, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Path link = Files.createLink(dir.resolve("link"), fifo);
                    Files.move(link, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                stop.set(true);
            }
        });
        swapper.setDaemon(true);
        swapper.start();
        AtomicInteger read = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try {
            assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
                for (int i = 0; i < 2_000 && !stop.get(); i++) {
                    try {
                        InventoryFile.read(file, 1 << 20);
                        read.incrementAndGet();
                    } catch (InventoryFile.Refused fifoOrStuck) {
                        refused.incrementAndGet();
                    }
                }
            });
        } finally {
            stop.set(true);
            swapper.join(10_000);
            release(fifo); // the waiting opens return, and are closed
        }
        assertThat(read.get() + refused.get()).as("the swapping ran").isEqualTo(2_000);
        assertThat(refused.get()).as("the fifo was met").isPositive();
    }

    @Test
    void aPathWhoseOpenNeverReturnedIsRefusedAtOnceUntilItDoes() throws Exception {
        Path regular = Files.writeString(dir.resolve("regular"), "content");
        assertThat(ForeignFiles.read(regular, 100)).asString().isEqualTo("content");
        Path fifo = mkfifo(dir.resolve("fifo"));

        assertThat(refusal(fifo, Duration.ofMillis(300))).hasMessageContaining("did not open within");
        assertThat(refusal(fifo, Duration.ofSeconds(30))).as("at once, not after 30 s")
                .hasMessageContaining("not opened: an earlier open of it never returned (a fifo?)");

        release(fifo);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(refusal(fifo, Duration.ofMillis(200)))
                .as("the earlier open returned: tried again").hasMessageContaining("did not open within"));
        release(fifo);
    }

    @Test
    void pastTheWaitingBoundOtherFilesAreLeftForLaterNotRefusedForWhatTheyAre() throws Exception {
        Path regular = Files.writeString(dir.resolve("regular"), "content");
        List<Path> fifos = new ArrayList<>();
        try {
            for (int i = 0; i < ForeignFiles.MAX_WAITING; i++) {
                fifos.add(mkfifo(dir.resolve("fifo-" + i)));
                assertThat(refusal(fifos.get(i), Duration.ofMillis(200))).hasMessageContaining("did not open within");
            }
            FileSystemException held = refusal(regular, Duration.ofSeconds(1));

            assertThat(held).hasMessageContaining("not opened: 16 earlier opens of other files never returned");
            assertThat(ForeignFiles.heldByOthers(held)).as("the spool keeps such a file for a later poll").isTrue();
            assertThat(ForeignFiles.why(held)).isEqualTo("not opened: 16 earlier opens of other files never returned"
                    + " (fifos?)");
        } finally {
            for (Path fifo : fifos) { // a writer ends each wait
                release(fifo);
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ForeignFiles.read(regular, 100))
                .asString().isEqualTo("content"));
    }

    @Test
    void opensTakeTheirThreadsFromABoundedSetNotOneThreadEach() throws Exception {
        Path regular = Files.writeString(dir.resolve("regular"), "content");
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();

        for (int i = 0; i < 500; i++) {
            assertThat(ForeignFiles.read(regular, 100)).asString().isEqualTo("content");
        }

        assertThat(threads.getTotalStartedThreadCount() - startedBefore)
                .as("threads started for 500 opens (a thread for each cost ~1.5 ms of a spool file's read)")
                .isLessThan(100);
    }

    private static FileSystemException refusal(Path file, Duration wait) {
        return catchThrowableOfType(() -> ForeignFiles.within(file, wait).close(), FileSystemException.class);
    }

    /**
     * Opens {@code fifo} as a writer, which ends every open of it waiting for one. Read and write, so that this open
     * never waits itself (Linux): a write-only open would wait for ever for a reader when no open is waiting.
     */
    private static void release(Path fifo) throws IOException {
        FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
    }

    private static Path mkfifo(Path path) throws Exception {
        assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).isZero();
        return path;
    }
}
