package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.outbox.StoreOwnership;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code discardRejected()} beside a {@code requeueRejected()} (two JMX calls at once, or the JMX call and the
 * {@code requeue} command): a report the requeue put back in line is pending, and the discard leaves it. The discard
 * listed the rejected reports, then deleted each one still stored: a report requeued in between was deleted unsent
 * as {@code DISCARDED} right after its {@code REQUEUED} line, and the operator told it would be sent again.
 */
class RejectedDiscardBesideARequeueTest {

    private static final int REPORTS = 300;

    @TempDir
    Path dir;

    @Test
    void aReportRequeuedMeanwhileIsLeftPending() throws Exception {
        DeadLetterStore store = new DeadLetterStore(dir.resolve("dead-letter"), ObjectMapper::new, Clock.systemUTC());
        DeliveryLedger ledger = new DeliveryLedger(dir.resolve("ledger.log"), 1 << 26, 2, Clock.systemUTC());
        for (int i = 0; i < REPORTS; i++) {
            String id = UUID.randomUUID().toString();
            store.savePending(id, StoredBodies.of(id));
            store.reject(id, "HTTP 401", 1, "unknown token");
        }
        RejectedRequeue requeue = new RejectedRequeue(new DeliveryQueue(store, new AgentStatus(), 10,
                Clock.systemUTC(), StoreOwnership.sole()), ledger);

        CompletableFuture<String> requeued = CompletableFuture.supplyAsync(() -> requeue.requeue("a test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !ledger.entries().isEmpty() || requeued.isDone());
        String discarded = requeue.discard("a test");
        requeued.get();

        Map<String, String> outcomes = ledger.entries().stream().collect(Collectors.groupingBy(
                DeliveryLedger.Entry::reportId, Collectors.mapping(DeliveryLedger.Entry::outcome,
                        Collectors.joining(" "))));
        assertThat(outcomes.values()).as("each report requeued or discarded, never both: %s", discarded)
                .allMatch(outcome -> outcome.equals(RejectedRequeue.OUTCOME)
                        || outcome.equals(RejectedRequeue.DISCARDED));
        assertThat(store.entries()).allMatch(entry -> DeadLetter.PENDING.equals(entry.state()))
                .hasSize((int) outcomes.values().stream().filter(RejectedRequeue.OUTCOME::equals).count());
    }
}
