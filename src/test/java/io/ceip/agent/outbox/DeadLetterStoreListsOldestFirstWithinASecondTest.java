package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kept reports are listed oldest first (what the store's bound evicts first, what {@code status} and an operator's
 * purge and requeue go through): by when each was stored as a time. As text, a report stored at {@code 10:00:00.500Z}
 * came before one stored half a second earlier at {@code 10:00:00Z} ({@code Instant.toString()} leaves a zero fraction
 * out), and the bound evicted the newer of the two (review s31).
 */
class DeadLetterStoreListsOldestFirstWithinASecondTest {

    private static final String OLDER = "ffffffff-0000-4000-8000-000000000001";
    private static final String NEWER = "00000000-0000-4000-8000-000000000002";

    @TempDir
    Path dir;

    @Test
    void aReportStoredOnTheSecondComesBeforeOneStoredHalfASecondLater() {
        SetClock clock = new SetClock("2026-12-07T10:00:00Z");
        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, clock);
        DeliveryQueue queue = new DeliveryQueue(store, new AgentStatus(), 10, clock, StoreOwnership.sole());
        queue.save(OLDER, StoredBodies.of(OLDER), "none");
        queue.release(OLDER);
        clock.now = clock.now.plus(Duration.ofMillis(500));
        queue.save(NEWER, StoredBodies.of(NEWER), "none");
        queue.release(NEWER);

        assertThat(store.pending()).extracting(DeadLetter::reportId).containsExactly(OLDER, NEWER);
        assertThat(queue.kept().entries()).extracting(DeadLetter::reportId).containsExactly(OLDER, NEWER);
    }
}
