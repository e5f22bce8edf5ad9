package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The store's bound ({@code ceip.dead-letter.max-entries=1} here) never evicts a report being delivered, by this
 * process or by another on the same store (review s20 M6); every eviction has its ledger line {@code EVICTED}; and
 * once no pending report is left to evict, the oldest rejected one goes, so that a collector that rejects every report
 * does not grow the store without end (review s20 M4).
 */
class DeadLetterBoundSparesReportsInDeliveryTest {

    private static final String A = "00000000-0000-4000-8000-00000000000a";
    private static final String B = "00000000-0000-4000-8000-00000000000b";
    private static final String C = "00000000-0000-4000-8000-00000000000c";

    @TempDir
    Path dir;

    /** One instant for every entry: entries of one instant list by report ID, A to C. */
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);

    private DeliveryLedger ledger() {
        return new DeliveryLedger(dir.resolve("ledger.log"), 1 << 20, 2, clock, "vendor");
    }

    private DeadLetterStore store(DeliveryLedger ledger) {
        return new DeadLetterStore(dir.resolve("dead-letter"), ObjectMapper::new, clock, 1, Long.MAX_VALUE, ledger);
    }

    @Test
    void aReportInDeliveryIsNotEvictedAndEachEvictionIsInTheLedger() {
        DeliveryLedger ledger = ledger();
        DeadLetterStore store = store(ledger);
        DeliveryQueue queue = new DeliveryQueue(store, new AgentStatus(), 10, clock, StoreOwnership.sole());
        queue.save(A, StoredBodies.of(A), "none"); // in delivery: waiting for its retry

        queue.save(B, StoredBodies.of(B), "none");

        assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(A, B);
        assertThat(store.evicted()).isZero();

        queue.failed(A, "HTTP 503", 1);
        queue.failed(B, "HTTP 503", 1);
        queue.save(C, StoredBodies.of(C), "none");

        assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(C);
        assertThat(store.evicted()).isEqualTo(2);
        assertThat(ledger.entries()).extracting(DeliveryLedger.Entry::reportId, DeliveryLedger.Entry::outcome,
                DeliveryLedger.Entry::sha256, DeliveryLedger.Entry::destination).containsExactly(
                tuple(A, "EVICTED", DeliveryLedger.sha256(StoredBodies.of(A)), "vendor"),
                tuple(B, "EVICTED", DeliveryLedger.sha256(StoredBodies.of(B)), "vendor"));
    }

    @Test
    void aReportAnotherProcessIsDeliveringIsNotEvicted() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("dead-letter"));
        try (StoreOwnership agent = StoreOwnership.take(directory, null);
                StoreOwnership send = StoreOwnership.take(directory, null)) {
            DeadLetterStore store = store(ledger());
            new DeliveryQueue(store, new AgentStatus(), 10, clock, send).save(A, StoredBodies.of(A), "none");

            DeliveryQueue running = new DeliveryQueue(store, new AgentStatus(), 10, clock, agent);
            running.save(B, StoredBodies.of(B), "none");

            assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(A, B);
            assertThat(store.evicted()).isZero();
        }
    }

    @Test
    void onceNoPendingReportIsLeftTheOldestRejectedOneIsEvictedWithItsCause() {
        DeliveryLedger ledger = ledger();
        DeadLetterStore store = store(ledger);
        DeliveryQueue queue = new DeliveryQueue(store, new AgentStatus(), 10, clock, StoreOwnership.sole());
        queue.save(A, StoredBodies.of(A), "none");
        queue.rejected(A, "HTTP 401", 1, "unknown token");

        try (LogCapture log = LogCapture.attach()) {
            queue.save(B, StoredBodies.of(B), "none");
            queue.rejected(B, "HTTP 401", 1, "unknown token");

            assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(B);
            assertThat(store.evicted()).isEqualTo(1);
            assertThat(ledger.entries()).extracting(DeliveryLedger.Entry::reportId, DeliveryLedger.Entry::outcome)
                    .containsExactly(tuple(A, "EVICTED"));
            assertThat(log.all()).containsOnlyOnce("oldest rejected report " + A + " evicted unsent (rejected with"
                    + " HTTP 401: the collector refuses reports; check the endpoint's token and ceip.product.name,"
                    + " then requeue)");
        }
    }
}
