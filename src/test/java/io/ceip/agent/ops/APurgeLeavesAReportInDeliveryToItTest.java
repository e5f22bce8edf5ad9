package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.support.StoredBodies;
import io.ceip.agent.outbox.StoreOwnership;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A purge (JMX {@code purgeDeadLetters()}) beside a delivery: the report being delivered (claimed) is left to that
 * delivery, which records its own outcome, so the ledger never says both delivered and purged of one report; the
 * others are purged, each in the ledger.
 */
class APurgeLeavesAReportInDeliveryToItTest {

    @TempDir
    Path dir;

    @Test
    void theReportInDeliveryIsLeftAndTheOthersArePurged() throws Exception {
        DeadLetterStore store = new DeadLetterStore(dir.resolve("dead-letter"), ObjectMapper::new, Clock.systemUTC());
        DeliveryLedger ledger = new DeliveryLedger(dir.resolve("ledger.log"), 1 << 20, 2, Clock.systemUTC());
        DeliveryQueue queue = new DeliveryQueue(store, new AgentStatus(), 10, Clock.systemUTC(), StoreOwnership.sole());
        String inDelivery = UUID.randomUUID().toString();
        String waiting = UUID.randomUUID().toString();
        for (String id : new String[] { inDelivery, waiting }) {
            store.savePending(id, StoredBodies.of(id));
        }
        assertThat(queue.claim(inDelivery)).as("a replay is sending it").isPresent();

        String answer = new RejectedRequeue(queue, ledger).purge("a test");

        assertThat(answer).isEqualTo("1 report(s) deleted from the dead-letter store");
        assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(inDelivery);
        assertThat(ledger.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.reportId()).isEqualTo(waiting);
            assertThat(entry.outcome()).isEqualTo(RejectedRequeue.PURGED);
        });
    }
}
