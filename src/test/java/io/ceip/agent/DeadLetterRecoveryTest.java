package io.ceip.agent;

import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.StoredBodies;
import io.ceip.agent.support.TestHttpsServer.Received;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Torn entries found at start-up are quarantined, never sent, and so are entries whose body is not their own report
 * (foreign JSON, another report's body under this name): complete ones, even without metadata, are replayed. One a
 * later version kept (its metadata's version above this one's) is left where it is, neither quarantined nor sent.
 */
class DeadLetterRecoveryTest extends AgentTestSupport {

    private static final String GOOD = "11111111-1111-4111-8111-111111111111";
    private static final String ORPHAN = "22222222-2222-4222-8222-222222222222";
    private static final String EMPTY = "33333333-3333-4333-8333-333333333333";
    private static final String TRUNCATED = "44444444-4444-4444-8444-444444444444";
    private static final String BAD_META = "55555555-5555-4555-8555-555555555555";
    private static final String FUTURE = "66666666-6666-4666-8666-666666666666";
    private static final String FOREIGN = "77777777-7777-4777-8777-777777777777";
    private static final String SWAPPED = "88888888-8888-4888-8888-888888888888";

    @Override
    protected Properties overrides() {
        try {
            Path store = Files.createDirectories(dataDirectory().resolve("dead-letter"));
            byte[] body = StoredBodies.of(GOOD);
            entry(store, GOOD, body, meta(GOOD, 1));
            Files.write(store.resolve(ORPHAN + ".json.gz"), StoredBodies.of(ORPHAN));
            entry(store, EMPTY, new byte[0], meta(EMPTY, 1));
            entry(store, TRUNCATED, Arrays.copyOf(body, body.length - 6), meta(TRUNCATED, 1));
            entry(store, BAD_META, StoredBodies.of(BAD_META), "{\"reportId\": \"" + BAD_META + "\", \"attem");
            entry(store, FUTURE, StoredBodies.of(FUTURE), meta(FUTURE, 7));
            entry(store, FOREIGN, GzipDataFormat.gzip("{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8)),
                    meta(FOREIGN, 1));
            entry(store, SWAPPED, body, meta(SWAPPED, 1));
            // a crash's leftover: older than a write of another process beside this one lasts (review s20 H1)
            Files.setLastModifiedTime(Files.writeString(store.resolve("." + GOOD + ".meta.json.tmp"), "{\"half\":"),
                    java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
            // the same, of a write that took a name of its own beside another writer's
            Files.setLastModifiedTime(Files.writeString(store.resolve("." + GOOD + ".json.gz.0123456789abcdef.tmp"),
                    "half"), java.nio.file.attribute.FileTime.from(
                            java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Properties();
    }

    @Test
    void tornEntriesAreQuarantinedAndTheOthersReplayed() throws Exception {
        Path store = dataDirectory().resolve("dead-letter");
        try (var files = Files.list(store.resolve("quarantine"))) {
            assertThat(files.map(f -> f.getFileName().toString().substring(0, 36)).distinct())
                    .containsExactlyInAnyOrder(EMPTY, TRUNCATED, BAD_META, FOREIGN, SWAPPED);
        }
        assertThat(store.resolve("." + GOOD + ".meta.json.tmp")).doesNotExist();
        assertThat(store.resolve("." + GOOD + ".json.gz.0123456789abcdef.tmp")).doesNotExist();

        int delivered = replayDeadLetters();

        assertThat(delivered).isEqualTo(2);
        assertThat(server().received()).extracting(r -> r.header("Idempotency-Key"))
                .containsExactlyInAnyOrder(GOOD, ORPHAN);
        assertThat(server().received()).extracting(Received::json).allMatch(json -> json.contains("reportId"));
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(store.resolve(FUTURE + ".meta.json")).as("a later version's, left for it").exists();
        assertThat(store.resolve(FUTURE + ".json.gz")).exists();
    }

    private static void entry(Path store, String id, byte[] body, String meta) throws Exception {
        Files.write(store.resolve(id + ".json.gz"), body);
        Files.writeString(store.resolve(id + ".meta.json"), meta);
    }

    private static String meta(String id, int version) {
        return "{\"reportId\":\"" + id + "\",\"created\":\"2026-11-20T10:00:00Z\",\"attempts\":1,"
                + "\"state\":\"pending\",\"version\":" + version + "}";
    }
}
