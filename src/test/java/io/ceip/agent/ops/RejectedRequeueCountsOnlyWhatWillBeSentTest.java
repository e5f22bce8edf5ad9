package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.StoredBodies;
import io.ceip.agent.outbox.StoreOwnership;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A requeue answers how many rejected reports will be sent again: one whose body the store refuses (not its own
 * report, planted after it was rejected) is not counted nor ledgered as requeued, and one line names it; it stays
 * rejected, as the answer says (review ops32: it was put back to pending all the same).
 */
class RejectedRequeueCountsOnlyWhatWillBeSentTest {

    @TempDir
    Path dir;

    @Test
    void aRefusedBodyIsNamedAndLeftOutOfTheCountAndTheLedger() throws Exception {
        DeadLetterStore store = new DeadLetterStore(dir.resolve("dead-letter"), ObjectMapper::new, Clock.systemUTC());
        DeliveryLedger ledger = new DeliveryLedger(dir.resolve("ledger.log"), 1 << 20, 2, Clock.systemUTC());
        String good = UUID.randomUUID().toString();
        String planted = UUID.randomUUID().toString();
        for (String id : new String[] { good, planted }) {
            store.savePending(id, StoredBodies.of(id));
            store.reject(id, "HTTP 401", 1, "unknown token");
        }
        Files.write(dir.resolve("dead-letter").resolve(planted + ".json.gz"),
                GzipDataFormat.gzip("{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8)));

        try (LogCapture log = LogCapture.attach()) {
            assertThat(new RejectedRequeue(new DeliveryQueue(store, new AgentStatus(), 10, Clock.systemUTC(),
                    StoreOwnership.sole()), ledger)
                    .requeue("a test")).isEqualTo("1 rejected report(s)"
                    + " requeued; 1 not: their bodies are refused or cannot be read (see the log)");

            assertThat(log.all()).contains("Rejected report " + planted + " will not be sent again: its body is"
                    + " refused or cannot be read (RefusedEntryException)", "1 rejected report(s) requeued (a test)");
        }
        assertThat(new ObjectMapper().readTree(dir.resolve("dead-letter").resolve(planted + ".meta.json").toFile())
                .path("state").asText()).as("not requeued, as the answer says (review ops32: it was made pending)")
                .isEqualTo(DeadLetter.REJECTED);
        assertThat(store.read(good)).hasValueSatisfying(entry -> assertThat(entry.state()).isEqualTo(DeadLetter.PENDING));
        assertThat(ledger.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.reportId()).isEqualTo(good);
            assertThat(entry.outcome()).isEqualTo(RejectedRequeue.OUTCOME);
        });
    }
}
