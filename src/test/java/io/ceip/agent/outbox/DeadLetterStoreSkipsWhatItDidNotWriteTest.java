package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.LogCapture;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * While the agent runs, what appears in the store that it did not write is skipped (one line per entry, however often
 * the store is listed), never read through a link nor sent, and nothing is moved: a running store, or the
 * {@code status} command, writes nothing. The next start quarantines it.
 */
class DeadLetterStoreSkipsWhatItDidNotWriteTest {

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    @Test
    void entriesThatAreNotTheStoresOwnAreSkippedOnceLoggedAndQuarantinedAtTheNextStart() throws Exception {
        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, Clock.systemUTC());
        String good = UUID.randomUUID().toString();
        byte[] body = gzip("{\"reportId\":\"" + good + "\"}");
        store.savePending(good, body);
        byte[] meta = Files.readAllBytes(dir.resolve(good + ".meta.json"));
        String linked = plantCopy(good, meta);
        Files.delete(dir.resolve(linked + ".json.gz"));
        Path secret = Files.writeString(outside.resolve("secret"), "outside the store");
        Files.createSymbolicLink(dir.resolve(linked + ".json.gz"), secret);
        String hardLinked = plantCopy(good, meta);
        Files.createLink(outside.resolve("other-name"), dir.resolve(hardLinked + ".meta.json"));
        String outOfRange = plantCopy(good, new String(meta).replace("\"attempts\":0", "\"attempts\":-1").getBytes());

        try (LogCapture log = LogCapture.attach()) {
            assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(good);
            assertThat(store.pending()).extracting(DeadLetter::reportId).containsExactly(good);
            assertThat(store.read(linked)).isEmpty();
            assertThatThrownBy(() -> store.body(linked)).isInstanceOf(UncheckedIOException.class);
            assertThat(store.totalBytes()).isEqualTo(body.length);

            assertThat(log.all().lines().filter(line -> line.contains("skipped"))).containsExactlyInAnyOrder(
                    skipped(linked, "body is a symbolic link"),
                    skipped(hardLinked, "metadata is a hard link (2 names)"),
                    skipped(outOfRange, "attempts -1 outside 0-1000000"));
        }
        assertThat(store.quarantined()).as("skipped, counted once each").isEqualTo(3);
        assertThat(dir.resolve("quarantine")).as("a running store moves nothing").doesNotExist();
        assertThat(Files.readString(secret)).isEqualTo("outside the store");

        DeadLetterStore restarted = new DeadLetterStore(dir, ObjectMapper::new, Clock.systemUTC());
        assertThat(restarted.recover()).isEqualTo(3);
        assertThat(restarted.quarantined()).isEqualTo(3);

        assertThat(restarted.entries()).extracting(DeadLetter::reportId).containsExactly(good);
        try (Stream<Path> quarantined = Files.list(dir.resolve("quarantine"))) {
            assertThat(quarantined).hasSize(6);
        }
        assertThat(Files.isSymbolicLink(dir.resolve("quarantine").resolve(linked + ".json.gz"))).isTrue();
        assertThat(Files.readString(secret)).isEqualTo("outside the store");
    }

    @Test
    void aStoreThatDoesNotExistIsNotCreatedByRecoveryNorByReading() {
        DeadLetterStore store = new DeadLetterStore(dir.resolve("dead-letter"), ObjectMapper::new, Clock.systemUTC());

        assertThat(store.recover()).isZero();
        assertThat(store.entries()).isEmpty();
        assertThat(dir.resolve("dead-letter")).doesNotExist();
    }

    @Test
    void aCleanStoreGetsNoQuarantineDirectory() throws Exception {
        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, Clock.systemUTC());
        String id = UUID.randomUUID().toString();
        store.savePending(id, gzip("{\"reportId\":\"" + id + "\"}"));

        assertThat(store.recover()).isZero();
        assertThat(Files.exists(dir.resolve("quarantine"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    /** A copy of the entry {@code good} under a new ID: its body and {@code meta} with the ID replaced. */
    private String plantCopy(String good, byte[] meta) throws Exception {
        String id = UUID.randomUUID().toString();
        Files.write(dir.resolve(id + ".json.gz"), gzip("{\"reportId\":\"" + id + "\"}"));
        Files.writeString(dir.resolve(id + ".meta.json"), new String(meta).replace(good, id));
        return id;
    }

    private static byte[] gzip(String json) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String skipped(String reportId, String problem) {
        return "io.ceip.agent.outbox.DeadLetterStore Dead-letter store: entry " + reportId + " skipped (" + problem
                + "); it is never sent, and is quarantined at the next start";
    }
}
