package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's times come from this machine's clock, which may be wrong when a report is stored: the store still
 * keeps and sends its own entries once the clock is set right (review s17 M1: an entry stored while the clock was more
 * than a day ahead, or at the epoch, was refused as "outside 2000 to now" and quarantined by the next start, never
 * sent; the failed delivery of the second was "no longer stored").
 */
class DeadLetterStoreKeepsItsEntriesWhateverTheClockTest {

    @TempDir
    Path dir;

    @Test
    void aReportStoredWhileTheClockWasAheadIsStillSentAfterTheClockIsSetRight() {
        SetClock clock = new SetClock("2026-12-08T10:00:00Z");
        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, clock);
        String id = UUID.randomUUID().toString();
        store.savePending(id, StoredBodies.of(id));

        clock.now = clock.now.minus(Duration.ofDays(3)); // NTP sets the clock right
        DeadLetterStore afterRestart = new DeadLetterStore(dir, ObjectMapper::new, clock);

        assertThat(afterRestart.recover()).as("quarantined by the next start").isZero();
        assertThat(afterRestart.pending()).extracting(DeadLetter::reportId).containsExactly(id);
    }

    @Test
    void aReportStoredWhileTheClockSaidNineteenSeventyIsKeptForReplay() {
        SetClock clock = new SetClock("1970-01-01T00:05:00Z");
        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, clock);
        DeliveryQueue queue = new DeliveryQueue(store, new AgentStatus(), 10, clock, StoreOwnership.sole());
        String id = UUID.randomUUID().toString();

        assertThat(queue.save(id, StoredBodies.of(id), "none")).isEqualTo(Kept.DISK);
        assertThat(queue.failed(id, "ConnectException", 1)).as("where the failed report is kept").isEqualTo(Kept.DISK);
        clock.now = Instant.parse("2026-12-05T10:00:00Z"); // NTP syncs

        assertThat(store.pending()).extracting(DeadLetter::reportId).containsExactly(id);
        assertThat(new DeadLetterStore(dir, ObjectMapper::new, clock).recover()).isZero();
    }
}
