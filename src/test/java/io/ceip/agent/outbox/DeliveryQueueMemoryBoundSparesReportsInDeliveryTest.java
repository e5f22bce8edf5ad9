package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * While the store cannot be written, the reports kept in memory past {@code ceip.dead-letter.memory-entries} are let
 * go oldest first, but never one being delivered: it was said "lost" (and counted) while its retry went on, which
 * then delivered it (two outcomes) or found it kept nowhere. Its body is held by its delivery anyway; it counts
 * against the bound again once its delivery ends.
 */
class DeliveryQueueMemoryBoundSparesReportsInDeliveryTest {

    @TempDir
    Path dir;

    @Test
    void aReportInDeliveryIsNotLetGoAndIsLostOnlyOnceItsDeliveryEnded() throws Exception {
        SetClock clock = new SetClock("2026-12-05T10:00:00Z");
        DeadLetterStore store = new DeadLetterStore(Files.writeString(dir.resolve("a-file"), "x").resolve("dead-letter"),
                ObjectMapper::new, clock); // under a file: the store cannot be written at all
        AgentStatus status = new AgentStatus();
        DeliveryQueue queue = new DeliveryQueue(store, status, 1, clock, StoreOwnership.sole());
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String third = UUID.randomUUID().toString();

        try (LogCapture log = LogCapture.attach()) {
            assertThat(queue.save(first, StoredBodies.of(first), "none")).isEqualTo(Kept.MEMORY);
            assertThat(queue.save(second, StoredBodies.of(second), "none")).isEqualTo(Kept.MEMORY);

            assertThat(log.all()).as("the first is being delivered").doesNotContain("lost");
            assertThat(status.lostReports()).isZero();
            assertThat(queue.failed(first, "HTTP 503", 1)).as("its retries ended: still kept").isEqualTo(Kept.MEMORY);
            assertThat(queue.failed(second, "HTTP 503", 1)).isEqualTo(Kept.MEMORY);

            assertThat(queue.save(third, StoredBodies.of(third), "none")).isEqualTo(Kept.MEMORY);

            assertThat(log.all().lines().filter(line -> line.contains(" lost: "))).hasSize(2)
                    .anyMatch(line -> line.contains(first)).anyMatch(line -> line.contains(second));
        }
        assertThat(status.lostReports()).isEqualTo(2);
        assertThat(queue.inMemory()).isEqualTo(1);
    }
}
