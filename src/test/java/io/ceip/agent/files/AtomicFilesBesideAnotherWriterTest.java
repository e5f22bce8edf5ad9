package io.ceip.agent.files;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two writers of one file at once (the running agent and a command run beside it, such as {@code ceip-agent consent}
 * while the agent records a consent change) each finish their write: neither removes the other's temporary file, so
 * neither fails nor leaves a torn file, and the file holds one whole content. A temporary file left by a crash is
 * still removed by the next write.
 */
class AtomicFilesBesideAnotherWriterTest {

    @TempDir
    Path dir;

    @Test
    void anotherWritersTemporaryFileIsLeftAloneAndTheWriteStillLands() throws Exception {
        Path target = dir.resolve("consent");
        Path others = Files.writeString(dir.resolve(".consent.tmp"), "bas"); // the other writer is half-way

        AtomicFiles.write(target, "full\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(Files.readString(target)).isEqualTo("full\n");
        assertThat(others).as("the other writer's file, which it renames next").hasContent("bas");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("consent",
                    ".consent.tmp");
        }
    }

    @Test
    void aTemporaryFileOfAWriteOfItsOwnIsTheAgentsNotAForeignFile() throws Exception {
        Files.writeString(dir.resolve(".consent.0123456789abcdef.tmp"), "bas");
        Files.writeString(dir.resolve(".ledger.log.1.tmp"), "x");
        Path foreign = Files.writeString(dir.resolve(".profile.0123456789abcdef.tmp"), "x");

        assertThat(ForeignEntries.in(dir, List.of())).containsExactly(foreign.toRealPath());
    }

    @Test
    void aTemporaryFileLeftByACrashIsRemoved() throws Exception {
        Path target = dir.resolve("consent");
        Path leftover = Files.writeString(dir.resolve(".consent.tmp"), "bas");
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(AtomicFiles.LEFTOVER_AGE)
                .minus(Duration.ofMinutes(1))));

        AtomicFiles.write(target, "full\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(Files.readString(target)).isEqualTo("full\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("consent");
        }
    }

    @Test
    void writersOfOneFileAtOnceAllFinishAndTheFileIsOneOfTheirContents() throws Exception {
        Path target = dir.resolve("features-window-end");
        int writers = 4;
        int writes = 200;
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            contents.add(String.valueOf((char) ('a' + i)).repeat(64 * 1024));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String content : contents) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < writes; i++) {
                        AtomicFiles.write(target, content.getBytes(StandardCharsets.US_ASCII), false);
                        assertThat(contents).contains(Files.readString(target));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : done) {
                writer.get(); // rethrows a writer's failure: "cannot write ... NoSuchFileException" before the fix
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(contents).contains(Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("features-window-end");
        }
    }
}
