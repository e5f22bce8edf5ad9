package io.ceip.agent.delivery;

import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.outbox.SentReports;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;
import io.ceip.agent.outbox.StoreOwnership;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Review s20 L4: after a 2xx, a runtime exception in the bookkeeping (here the ledger's line, whose clock fails) turned
 * the delivery into "not delivered … kept for replay" and a later duplicate. Now each step runs on its own: the entry is
 * still removed, the copy kept, the status says delivered, and one ERROR line names what was not done.
 */
class AfterDeliveryNeverUndoesADeliveryTest {

    @TempDir
    Path dir;

    @Test
    void aLedgerLineThatThrowsLeavesTheRestOfTheBookkeepingDone() {
        Clock clock = new SetClock("2026-12-05T10:00:00Z");
        DeadLetterStore store = new DeadLetterStore(dir.resolve("dead-letter"), ObjectMapper::new, clock);
        AgentStatus status = new AgentStatus();
        DeliveryQueue queue = new DeliveryQueue(store, status, 10, clock, StoreOwnership.sole());
        String reportId = UUID.randomUUID().toString();
        byte[] body = StoredBodies.of(reportId);
        queue.save(reportId, body, "none");
        DeliveryLedger ledger = new DeliveryLedger(dir.resolve("ledger.log"), 1 << 20, 5, new FailingClock());
        SentReports sent = new SentReports(dir.resolve("sent"), 10, clock);
        Destination to = new Destination(Destination.VENDOR, queue, ledger, sent, status, ConsentLevel.FULL,
                "https://collector.example/v1/reports");

        String log;
        try (LogCapture capture = LogCapture.attach()) {
            assertThatCode(() -> new AfterDelivery(clock).record(to, reportId, 202, body.length, body,
                    () -> ledger.record(reportId, DeliveryLedger.sha256(body), body.length, "HTTP 202", 1)))
                    .doesNotThrowAnyException();
            log = capture.all();
        }

        assertThat(store.entries()).as("the entry is removed all the same").isEmpty();
        assertThat(dir.resolve("sent")).isDirectoryContaining(path -> path.toString().endsWith(reportId + ".json.gz"));
        assertThat(status.sent()).isEqualTo(1);
        assertThat(status.lastStatus()).isEqualTo("HTTP 202");
        assertThat(log.lines().filter(line -> line.contains("not recorded in full"))).singleElement()
                .satisfies(line -> assertThat(line).contains(reportId, "delivered (HTTP 202)",
                        "ledger line (IllegalStateException) failed"));
    }

    /** A clock that cannot be read. */
    private static final class FailingClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            throw new IllegalStateException("no time");
        }
    }
}
