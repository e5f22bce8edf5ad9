package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent put back over a later version (a downgrade) finds entries that version kept, whose metadata has a higher
 * layout version and may have fields this one does not know. They wait for that version: never sent by this one, never
 * quarantined (before, they were moved to {@code quarantine/} for good), one WARN line at start counting them, one
 * line each for one appearing while this one runs. A version this agent never wrote below its own, or one that is not
 * a whole number, is still quarantined.
 */
class DeadLetterOfALaterVersionIsLeftForItTest {

    @TempDir
    Path dir;

    @Test
    void aLaterVersionsEntriesStayForItNeitherSentNorQuarantined() throws Exception {
        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, Clock.systemUTC());
        String good = UUID.randomUUID().toString();
        store.savePending(good, StoredBodies.of(good));
        String meta = Files.readString(dir.resolve(good + ".meta.json"));
        String laterWithAField = plant(good, meta.replace("\"version\":1", "\"version\":2,\"carriedBy\":\"v2\""));
        String laterSameFields = plant(good, meta.replace("\"version\":1", "\"version\":2"));
        String zero = plant(good, meta.replace("\"version\":1", "\"version\":0"));
        String text = plant(good, meta.replace("\"version\":1", "\"version\":\"2\",\"carriedBy\":\"v2\""));
        String huge = plant(good, meta.replace("\"version\":1", "\"version\":99999999999,\"carriedBy\":\"v2\""));

        DeadLetterStore restarted = new DeadLetterStore(dir, ObjectMapper::new, Clock.systemUTC());
        try (LogCapture log = LogCapture.attach()) {
            assertThat(restarted.recover()).as("the unknown lower version, a text and a too large one").isEqualTo(3);
            assertThat(log.all()).contains("Dead-letter store: 2 entries were kept by a later version of the agent"
                    + " (metadata version above 1); left as they are for it, never sent by this one");
            assertThat(log.all()).doesNotContain(laterWithAField).doesNotContain(laterSameFields);
        }
        assertThat(restarted.entries()).extracting(DeadLetter::reportId).containsExactly(good);
        assertThat(restarted.pending()).extracting(DeadLetter::reportId).containsExactly(good);
        assertThat(restarted.read(laterWithAField)).isEmpty();
        assertThat(restarted.quarantined()).isEqualTo(3);
        for (String later : new String[] {laterWithAField, laterSameFields}) {
            assertThat(dir.resolve(later + ".meta.json")).as("left for the later version").exists();
            assertThat(dir.resolve(later + ".json.gz")).exists();
            assertThat(dir.resolve("quarantine").resolve(later + ".meta.json")).doesNotExist();
        }
        for (String quarantined : new String[] {zero, text, huge}) {
            assertThat(dir.resolve("quarantine").resolve(quarantined + ".meta.json")).exists();
        }

        String appearing = plant(good, meta.replace("\"version\":1", "\"version\":3,\"carriedBy\":\"v3\""));
        try (LogCapture log = LogCapture.attach()) {
            assertThat(restarted.entries()).extracting(DeadLetter::reportId).containsExactly(good);
            assertThat(restarted.entries()).extracting(DeadLetter::reportId).containsExactly(good);
            assertThat(log.all().lines().filter(line -> line.contains(appearing))).containsExactly(
                    "io.ceip.agent.outbox.DeadLetterStore Dead-letter store: entry " + appearing + " skipped (kept by"
                    + " a later version of the agent, metadata version 3); it stays as it is for that version, never"
                    + " sent by this one");
        }
        assertThat(restarted.quarantined()).as("not counted as set aside").isEqualTo(3);

        assertThat(new DeadLetterStore(dir, ObjectMapper::new, Clock.systemUTC()).recover()).isZero();
        assertThat(dir.resolve(appearing + ".meta.json")).as("the next start leaves it too").exists();
    }

    /** A copy of the entry {@code good} under a new ID, its metadata {@code meta} with the ID replaced. */
    private String plant(String good, String meta) throws Exception {
        String id = UUID.randomUUID().toString();
        Files.write(dir.resolve(id + ".json.gz"), StoredBodies.of(id));
        Files.writeString(dir.resolve(id + ".meta.json"), meta.replace(good, id));
        return id;
    }
}
