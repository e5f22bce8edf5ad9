package io.ceip.agent.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.outbox.Kept;
import io.ceip.agent.support.StoredBodies;
import io.ceip.agent.outbox.StoreOwnership;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rejected report kept in memory (its metadata cannot be written: a full disk) is requeued and discarded as one on
 * disk is, each with its ledger line (review s20 M1).
 */
class RejectedRequeueCoversReportsKeptInMemoryTest {

    @TempDir
    Path dir;

    @Test
    void aRejectedReportInMemoryIsRequeuedThenDiscardedWithItsLedgerLines() {
        ObjectMapper diskFull = new ObjectMapper() {
            @Override
            public byte[] writeValueAsBytes(Object value) throws JsonProcessingException {
                throw new JsonProcessingException("No space left on device") { };
            }
        };
        DeadLetterStore store = new DeadLetterStore(dir.resolve("dead-letter"), () -> diskFull, Clock.systemUTC());
        DeliveryQueue queue = new DeliveryQueue(store, new AgentStatus(), 10, Clock.systemUTC(), StoreOwnership.sole());
        DeliveryLedger ledger = new DeliveryLedger(dir.resolve("ledger.log"), 1 << 20, 2, Clock.systemUTC());
        String id = UUID.randomUUID().toString();
        assertThat(queue.save(id, StoredBodies.of(id), "none")).isEqualTo(Kept.MEMORY);
        assertThat(queue.rejected(id, "HTTP 401", 1, "unknown token")).isEqualTo(Kept.MEMORY);
        RejectedRequeue operator = new RejectedRequeue(queue, ledger);

        assertThat(operator.requeue("a test")).isEqualTo("1 rejected report(s) requeued");
        assertThat(queue.kept().count(DeadLetter.PENDING)).isEqualTo(1);
        assertThat(queue.due(10)).containsExactly(id);

        assertThat(queue.claim(id)).isPresent();
        queue.rejected(id, "HTTP 401", 2, "unknown token");
        assertThat(operator.discard("a test")).isEqualTo("1 rejected report(s) deleted unsent");

        assertThat(queue.kept().entries()).isEmpty();
        assertThat(queue.inMemory()).isZero();
        assertThat(ledger.entries()).extracting(DeliveryLedger.Entry::outcome)
                .containsExactly(RejectedRequeue.OUTCOME, RejectedRequeue.DISCARDED);
        assertThat(ledger.entries()).allSatisfy(e -> assertThat(e.sha256())
                .isEqualTo(DeliveryLedger.sha256(StoredBodies.of(id))));
    }
}
