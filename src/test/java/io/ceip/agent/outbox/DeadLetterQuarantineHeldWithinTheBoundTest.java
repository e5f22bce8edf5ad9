package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quarantine is held within the store's own bound at start: two files an entry and the store's bytes at most,
 * its oldest files deleted first in one line; a directory moved there stays, a link goes itself (its target kept).
 * Before, nothing ever left it: a store refilled with foreign files at each start grew without end.
 */
class DeadLetterQuarantineHeldWithinTheBoundTest {

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void theOldestFilesGoPastTwoFilesAnEntry() throws Exception {
        Path quarantine = Files.createDirectories(dir.resolve("dead-letter/quarantine"));
        for (int i = 1; i <= 7; i++) {
            aged(Files.writeString(quarantine.resolve("stray-" + i), "x"), i);
        }
        Path strayDirectory = Files.createDirectories(quarantine.resolve("stray-dir"));
        Files.writeString(strayDirectory.resolve("inside"), "kept");
        Path target = Files.writeString(outside.resolve("target"), "never touched");
        Files.createSymbolicLink(quarantine.resolve("stray-link"), target); // made now: older than the files

        try (LogCapture log = LogCapture.attach()) {
            new DeadLetterStore(dir.resolve("dead-letter"), ObjectMapper::new, clock, 2, Long.MAX_VALUE).recover();

            assertThat(names(quarantine)).containsExactlyInAnyOrder("stray-4", "stray-5", "stray-6", "stray-7",
                    "stray-dir");
            assertThat(log.shown()).contains("Dead-letter store: the 4 oldest file(s) of " + quarantine
                    + " deleted to hold it within ceip.dead-letter.max-entries (two files an entry) and"
                    + " ceip.dead-letter.max-bytes; 4 kept");
        }
        assertThat(target).hasContent("never touched");
        assertThat(strayDirectory.resolve("inside")).hasContent("kept");
    }

    /**
     * Files changed at one time (moved there by one start, or copied with their times kept) are trimmed by name, the
     * same ones whatever order the directory lists them in: before, the order of the listing decided.
     */
    @Test
    void filesOfOneTimeGoByName() throws Exception {
        Path quarantine = Files.createDirectories(dir.resolve("dead-letter/quarantine"));
        FileTime one = FileTime.from(Instant.now().minusSeconds(3600));
        for (int i : new int[] {13, 4, 19, 8, 1, 16, 11, 6, 20, 2, 15, 9, 17, 3, 12, 7, 18, 5, 14, 10}) {
            Files.setLastModifiedTime(Files.writeString(quarantine.resolve(String.format("stray-%02d", i)), "x"), one);
        }

        new DeadLetterStore(dir.resolve("dead-letter"), ObjectMapper::new, clock, 1, Long.MAX_VALUE).recover();

        assertThat(names(quarantine)).containsExactlyInAnyOrder("stray-19", "stray-20");
    }

    @Test
    void theOldestFilesGoPastTheStoresBytes() throws Exception {
        Path quarantine = Files.createDirectories(dir.resolve("dead-letter/quarantine"));
        for (int i = 1; i <= 5; i++) {
            aged(Files.writeString(quarantine.resolve("stray-" + i), "y".repeat(400)), i);
        }

        new DeadLetterStore(dir.resolve("dead-letter"), ObjectMapper::new, clock, 1000, 1000).recover();

        assertThat(names(quarantine)).containsExactlyInAnyOrder("stray-4", "stray-5");
    }

    @Test
    void aStoreFullOfPlantedNamesIsSaidInAHundredAndOneLines() throws Exception {
        Path store = Files.createDirectories(dir.resolve("dead-letter"));
        for (int i = 0; i < 150; i++) {
            Files.writeString(store.resolve("planted-" + i), "x");
        }

        try (LogCapture log = LogCapture.attach()) {
            assertThat(new DeadLetterStore(store, ObjectMapper::new, clock, 1000, Long.MAX_VALUE).recover())
                    .isEqualTo(150);

            assertThat(log.shown().lines().filter(line -> line.contains("it is never read nor sent"))).hasSize(100);
            assertThat(log.shown()).containsOnlyOnce("Dead-letter store: more than 100 files set aside at this start;"
                    + " the others are not named one by one (their count follows)");
        }
        assertThat(names(store.resolve("quarantine"))).hasSize(150);
    }

    @Test
    void aQuarantineWithinTheBoundIsLeftAsItIs() throws Exception {
        Path quarantine = Files.createDirectories(dir.resolve("dead-letter/quarantine"));
        for (int i = 1; i <= 4; i++) {
            aged(Files.writeString(quarantine.resolve("stray-" + i), "z"), i);
        }

        try (LogCapture log = LogCapture.attach()) {
            new DeadLetterStore(dir.resolve("dead-letter"), ObjectMapper::new, clock, 2, 4).recover();

            assertThat(log.shown()).doesNotContain("quarantine");
        }
        assertThat(names(quarantine)).hasSize(4);
    }

    /** File {@code i} was last changed {@code i} hours from now: a lower number is older, a link made now older. */
    private static void aged(Path file, int i) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(3600L * i)));
    }

    private static Stream<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).toList().stream();
        }
    }
}
