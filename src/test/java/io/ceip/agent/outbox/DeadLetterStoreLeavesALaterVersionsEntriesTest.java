package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Going back to an earlier version: the entries a later version kept (its metadata's {@code version} above this one's,
 * with a field this version does not know) are left where they are, byte for byte — not read as entries, not sent,
 * not evicted, not quarantined — counted in one line at start naming how many and the version, and read again once
 * their metadata is of a version this one knows (the later version running again). Before, they were quarantined.
 * Files that are not the store's own by their attributes, or a version that is not a later one's, are quarantined as
 * before, whatever the version says.
 */
class DeadLetterStoreLeavesALaterVersionsEntriesTest {

    private static final String LATER = "aaaaaaaa-1111-4111-8111-111111111111";
    private static final String LATEST = "bbbbbbbb-2222-4222-8222-222222222222";
    private static final String ZERO = "cccccccc-3333-4333-8333-333333333333";
    private static final String TEXT = "dddddddd-4444-4444-8444-444444444444";
    private static final String BEYOND_INT = "eeeeeeee-5555-4555-8555-555555555555";
    private static final String LINKED = "ffffffff-6666-4666-8666-666666666666";
    private static final String OWN = "12345678-7777-4777-8777-777777777777";
    private static final String NEXT = "99999999-8888-4888-8888-888888888888";

    @TempDir
    Path dir;

    @Test
    void theyStayAsTheyAreAndOneLineSaysHowMany() throws Exception {
        Path store = Files.createDirectories(dir.resolve("dead-letter"));
        plant(store, LATER, "2", ",\"keptBy\":\"a later agent\"");
        plant(store, LATEST, "2147483647", "");
        plant(store, ZERO, "0", "");
        plant(store, TEXT, "\"2\"", "");
        plant(store, BEYOND_INT, "2147483648", "");
        Files.writeString(store.resolve(LINKED + ".meta.json"), meta(LINKED, "2", ""));
        Files.createSymbolicLink(store.resolve(LINKED + ".json.gz"),
                Files.write(dir.resolve("outside.json.gz"), StoredBodies.of(LINKED)));
        StoredBodies.plant(store, OWN, "2026-11-20T10:00:00Z", StoredBodies.of(OWN));
        byte[] laterMeta = Files.readAllBytes(store.resolve(LATER + ".meta.json"));
        SetClock clock = new SetClock("2026-12-07T10:00:00Z");
        DeadLetterStore dead = new DeadLetterStore(store, ObjectMapper::new, clock);

        try (LogCapture log = LogCapture.attach()) {
            assertThat(dead.recover()).as("quarantined").isEqualTo(4);
            assertThat(log.all().lines().filter(line -> line.contains("later version"))).containsExactly(
                    "io.ceip.agent.outbox.DeadLetterStore Dead-letter store " + store + ": 2 kept by a later version"
                            + " of the agent (metadata version 2 to 2147483647; this version reads 1), left as they"
                            + " are, not sent, for that version to send when it runs again");
            assertThat(log.all()).doesNotContain(LATER).doesNotContain(LATEST);

            assertThat(quarantined(store)).containsExactlyInAnyOrder(ZERO, TEXT, BEYOND_INT, LINKED);
            assertThat(dead.entries()).extracting(DeadLetter::reportId).containsExactly(OWN);
            new DeadLetterStore(store, ObjectMapper::new, clock, 1, Long.MAX_VALUE).savePending(NEXT,
                    StoredBodies.of(NEXT)); // past a bound of 1: evicts the store's own only
            assertThat(log.all()).as("not refused while running either").doesNotContain(LATER);
        }
        assertThat(dead.entries()).extracting(DeadLetter::reportId).containsExactly(NEXT);
        assertThat(store.resolve(LATER + ".meta.json")).hasBinaryContent(laterMeta);
        assertThat(store.resolve(LATER + ".json.gz")).hasBinaryContent(StoredBodies.of(LATER));
        assertThat(store.resolve(LATEST + ".json.gz")).exists();
        assertThat(dead.quarantined()).isEqualTo(4);
        assertThat(LaterVersions.in(store, new ObjectMapper(), Set.of())).startsWith("2 kept by a later version");

        Files.writeString(store.resolve(LATER + ".meta.json"), meta(LATER, "1", "")); // as the later version may
        assertThat(dead.read(LATER)).as("read again as soon as it is of a version this one knows").isPresent();
    }

    private static void plant(Path store, String id, String version, String more) throws Exception {
        Files.write(store.resolve(id + ".json.gz"), StoredBodies.of(id));
        Files.writeString(store.resolve(id + ".meta.json"), meta(id, version, more));
    }

    private static String meta(String id, String version, String more) {
        return "{\"reportId\":\"" + id + "\",\"created\":\"2026-11-20T10:00:00Z\",\"attempts\":1,\"state\":\"pending\""
                + ",\"version\":" + version + more + "}";
    }

    private static java.util.List<String> quarantined(Path store) throws Exception {
        try (var files = Files.list(store.resolve("quarantine"))) {
            return files.map(f -> f.getFileName().toString().substring(0, 36)).distinct().toList();
        }
    }
}
