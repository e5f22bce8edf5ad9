package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The entries a later version kept are left in place only within the store's bound
 * ({@code ceip.dead-letter.max-entries}, {@code ceip.dead-letter.max-bytes}): entries with a later metadata version
 * planted past it (any number, any size up to the store's file limits) are quarantined at start as before that
 * change, and the quarantine is held within the bound, so that they cannot fill the disk. Before, every one of them
 * stayed, never counted by the bound nor evicted.
 */
class DeadLetterStoreHoldsALaterVersionsEntriesWithinTheBoundTest {

    @TempDir
    Path dir;

    @Test
    void pastTheEntriesBoundTheyAreQuarantinedAndTheQuarantineIsHeld() throws Exception {
        Path store = Files.createDirectories(dir.resolve("dead-letter"));
        for (int i = 0; i < 7; i++) {
            plantLater(store, id(i), StoredBodies.of(id(i)));
        }
        DeadLetterStore dead = new DeadLetterStore(store, ObjectMapper::new, new SetClock("2026-12-07T10:00:00Z"), 2,
                Long.MAX_VALUE);

        try (LogCapture log = LogCapture.attach()) {
            assertThat(dead.recover()).as("quarantined").isEqualTo(5);
            assertThat(log.all().lines().filter(line -> line.contains("later version")).toList()).singleElement()
                    .asString().contains(": 2 kept by a later version").contains("5 more past the store's bound"
                            + " (2 entries, " + Long.MAX_VALUE + " bytes) quarantined");
        }
        assertThat(bodies(store)).hasSize(2);
        assertThat(bodies(store.resolve("quarantine"))).as("held within 2 x max-entries files")
                .hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void pastTheBytesBoundTheyAreQuarantined() throws Exception {
        Path store = Files.createDirectories(dir.resolve("dead-letter"));
        byte[] body = StoredBodies.of(id(0), "\"padding\":\"" + "x".repeat(100) + "\"");
        for (int i = 0; i < 4; i++) {
            plantLater(store, id(i), StoredBodies.of(id(i), "\"padding\":\"" + "x".repeat(100) + "\""));
        }
        DeadLetterStore dead = new DeadLetterStore(store, ObjectMapper::new, new SetClock("2026-12-07T10:00:00Z"),
                1000, 2L * body.length);

        assertThat(dead.recover()).as("quarantined").isEqualTo(2);
        assertThat(bodies(store)).hasSize(2);
    }

    @Test
    void noneWithinTheBoundIsOneLineSayingSo() throws Exception {
        Path store = Files.createDirectories(dir.resolve("dead-letter"));
        plantLater(store, id(0), StoredBodies.of(id(0)));
        plantLater(store, id(1), StoredBodies.of(id(1)));
        DeadLetterStore dead = new DeadLetterStore(store, ObjectMapper::new, new SetClock("2026-12-07T10:00:00Z"),
                1000, 1);

        try (LogCapture log = LogCapture.attach()) {
            assertThat(dead.recover()).as("quarantined").isEqualTo(2);
            assertThat(log.all()).contains("io.ceip.agent.outbox.DeadLetterStore Dead-letter store " + store + ": 2"
                    + " kept by a later version of the agent past the store's bound (1000 entries, 1 bytes)"
                    + " quarantined");
        }
        assertThat(bodies(store)).isEmpty();
    }

    private static String id(int i) {
        return "aaaaaaaa-1111-4111-8111-00000000000" + i;
    }

    private static void plantLater(Path store, String id, byte[] body) throws Exception {
        Files.write(store.resolve(id + ".json.gz"), body);
        Files.writeString(store.resolve(id + ".meta.json"), "{\"reportId\":\"" + id + "\",\"created\":"
                + "\"2026-11-20T10:00:00Z\",\"attempts\":1,\"state\":\"pending\",\"version\":2}");
    }

    private static List<Path> bodies(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json.gz")).toList();
        }
    }
}
