package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stray names in the dead-letter directory that the hostile-files test does not plant (a plain file named
 * {@code garbage}, {@code ..json}, {@code .json.gz}, {@code .meta.json}, an empty directory, a symbolic link to
 * the store itself) cannot block a start: the agent starts, counts each one quarantined at start (the JMX count is
 * right from the first moment) and still delivers the good entry beside them.
 */
class DeadLetterStrayNamesDoNotBlockStartTest extends AgentTestSupport {

    private static final String GOOD = "5b0c4a6e-8d2f-4b1e-9c3a-2f7e6d5c4b3a";

    @Override
    protected Properties overrides() {
        try {
            Path store = Files.createDirectories(dataDirectory().resolve("dead-letter"));
            StoredBodies.plant(store, GOOD, "2026-11-20T10:00:00Z", StoredBodies.of(GOOD));
            Files.writeString(store.resolve("garbage"), "x");
            Files.writeString(store.resolve("..json"), "{}");
            Files.writeString(store.resolve(".json.gz"), "x");
            Files.writeString(store.resolve(".meta.json"), "{}");
            Files.createDirectory(store.resolve("empty-directory"));
            Files.createSymbolicLink(store.resolve("loop"), store);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Properties();
    }

    @Test
    void theAgentStartsCountsEachStrayAndDeliversTheGoodEntry() throws Exception {
        assertThat(management().getDeadLetterQuarantined()).isEqualTo(6);

        assertThat(replayDeadLetters()).isEqualTo(1);

        assertThat(server().received()).extracting(r -> r.header("Idempotency-Key")).containsExactly(GOOD);
        Path store = dataDirectory().resolve("dead-letter");
        try (Stream<Path> left = Files.list(store)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("quarantine", io.ceip.agent.outbox.StoreOwnership.NAME);
        }
        assertThat(management().getDeadLetterQuarantined()).as("nothing counted twice").isEqualTo(6);
    }
}
