package io.ceip.agent.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report kept in memory while the store could not be written goes to disk as it is once the store can be written
 * again: its time (so its place in the oldest-first replay), its attempts and last status (review s17 L2: it was
 * stored anew, as the newest report).
 */
class DeliveryQueueMovesReportsFromMemoryAsTheyAreTest {

    @TempDir
    Path dir;

    @Test
    void aReportKeptInMemoryKeepsItsPlaceAndItsAttempts() {
        AtomicBoolean diskFull = new AtomicBoolean(true);
        ObjectMapper metadata = new ObjectMapper() {
            @Override
            public byte[] writeValueAsBytes(Object value) throws JsonProcessingException {
                if (diskFull.get()) {
                    throw new JsonProcessingException("No space left on device") { };
                }
                return super.writeValueAsBytes(value);
            }
        };
        SetClock clock = new SetClock("2026-12-05T10:00:00Z");
        DeadLetterStore store = new DeadLetterStore(dir, () -> metadata, clock);
        DeliveryQueue queue = new DeliveryQueue(store, new AgentStatus(), 10, clock, StoreOwnership.sole());
        String older = UUID.randomUUID().toString();
        assertThat(queue.save(older, StoredBodies.of(older), "none")).isEqualTo(Kept.MEMORY);
        assertThat(queue.failed(older, "HTTP 503", 2)).isEqualTo(Kept.MEMORY);

        diskFull.set(false);
        clock.now = clock.now.plus(Duration.ofHours(1));
        String newer = UUID.randomUUID().toString();
        assertThat(queue.save(newer, StoredBodies.of(newer), "none")).isEqualTo(Kept.DISK);
        queue.failed(newer, "HTTP 503", 1);
        clock.now = clock.now.plus(Duration.ofHours(1));

        assertThat(queue.due(10)).containsExactly(older, newer);
        assertThat(queue.inMemory()).isZero();
        assertThat(store.read(older)).hasValueSatisfying(entry -> {
            assertThat(entry.created()).isEqualTo("2026-12-05T10:00:00Z");
            assertThat(entry.attempts()).isEqualTo(2);
            assertThat(entry.lastStatus()).isEqualTo("HTTP 503");
        });
    }
}
