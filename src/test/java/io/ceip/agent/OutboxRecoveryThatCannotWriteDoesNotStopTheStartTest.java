package io.ceip.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up check of the dead-letter store adopts a body left without metadata (a store interrupted by a full
 * disk) by writing its metadata. When that write fails too (the disk still full: simulated by a mapper whose write
 * fails, the tests running as root so that permissions cannot make the directory read-only), the start goes on with
 * the store's health DOWN and one WARN line, and the body stays as it is for the next start (review s17 M5: the whole
 * start failed).
 */
class OutboxRecoveryThatCannotWriteDoesNotStopTheStartTest {

    @TempDir
    Path dir;

    @Test
    void theStoreIsDownTheBodyKeptAndOneLineSaysWhy() throws Exception {
        String id = UUID.randomUUID().toString();
        Path body = Files.write(dir.resolve(id + ".json.gz"), StoredBodies.of(id));
        ObjectMapper full = new ObjectMapper() {
            @Override
            public byte[] writeValueAsBytes(Object value) throws JsonProcessingException {
                throw new JsonProcessingException("No space left on device") { };
            }
        };
        DeadLetterStore store = new DeadLetterStore(dir, () -> full, new SetClock("2026-12-05T10:00:00Z"));
        AgentStatus status = new AgentStatus();

        try (LogCapture log = LogCapture.attach()) {
            OutboxConfiguration.recover(store, status);

            assertThat(log.all()).contains("could not be checked at start").doesNotContain("No space left");
        }
        assertThat(status.storeProblem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("could not be checked at start"));
        assertThat(body).exists();
    }
}
