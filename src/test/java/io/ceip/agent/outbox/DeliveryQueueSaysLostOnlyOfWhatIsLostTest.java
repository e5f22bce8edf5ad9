package io.ceip.agent.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report whose body reached the disk before the store failed (its metadata could not be written: the disk filled
 * up in between) and that is then let go from memory past {@code ceip.dead-letter.memory-entries} is not lost: the
 * next start takes its body up. The log says so instead of "lost", and nothing is counted lost (review s17 L2). A
 * report delivered from memory leaves no such body behind to be sent again.
 */
class DeliveryQueueSaysLostOnlyOfWhatIsLostTest {

    @TempDir
    Path dir;

    private final AtomicBoolean diskFull = new AtomicBoolean(true);
    private final ObjectMapper metadata = new ObjectMapper() {
        @Override
        public byte[] writeValueAsBytes(Object value) throws JsonProcessingException {
            if (diskFull.get()) {
                throw new JsonProcessingException("No space left on device") { };
            }
            return super.writeValueAsBytes(value);
        }
    };
    private final SetClock clock = new SetClock("2026-12-05T10:00:00Z");

    @Test
    void aReportWhoseBodyIsOnDiskIsNotLostWhenMemoryLetsItGo() {
        DeadLetterStore store = new DeadLetterStore(dir, () -> metadata, clock);
        AgentStatus status = new AgentStatus();
        DeliveryQueue queue = new DeliveryQueue(store, status, 1, clock, StoreOwnership.sole());
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();

        try (LogCapture log = LogCapture.attach()) {
            assertThat(queue.save(first, StoredBodies.of(first), "none")).isEqualTo(Kept.MEMORY);
            assertThat(queue.failed(first, "HTTP 503", 1)).as("its delivery ended").isEqualTo(Kept.MEMORY);
            assertThat(queue.save(second, StoredBodies.of(second), "none")).isEqualTo(Kept.MEMORY);

            assertThat(log.all()).contains("Report " + first + " no longer kept in memory").doesNotContain("lost");
        }
        assertThat(status.lostReports()).isZero();
        diskFull.set(false);
        DeadLetterStore afterRestart = new DeadLetterStore(dir, () -> metadata, clock);
        afterRestart.recover();
        assertThat(afterRestart.pending()).extracting(DeadLetter::reportId).contains(first);
    }

    @Test
    void aReportDeliveredFromMemoryLeavesNoBodyToBeSentAgain() {
        DeadLetterStore store = new DeadLetterStore(dir, () -> metadata, clock);
        DeliveryQueue queue = new DeliveryQueue(store, new AgentStatus(), 10, clock, StoreOwnership.sole());
        String id = UUID.randomUUID().toString();
        assertThat(queue.save(id, StoredBodies.of(id), "none")).isEqualTo(Kept.MEMORY);

        queue.delete(id, body -> { });

        diskFull.set(false);
        DeadLetterStore afterRestart = new DeadLetterStore(dir, () -> metadata, clock);
        afterRestart.recover();
        assertThat(afterRestart.entries()).isEmpty();
    }
}
