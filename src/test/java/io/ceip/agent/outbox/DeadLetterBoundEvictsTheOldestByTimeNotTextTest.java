package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's bound evicts the oldest kept report by when each was stored as a time, ties by report ID: times whose
 * text sorts otherwise — a zero fraction left out ({@code 10:00:00Z} before {@code 10:00:00.500Z} as a time, after it
 * as text), an offset another version or a hand may have written ({@code 11:00:00.250+01:00} is 10:00:00.250Z), one
 * instant written two ways — and report IDs that sort against the times. As text the bound evicted the newer report.
 */
class DeadLetterBoundEvictsTheOldestByTimeNotTextTest {

    /** 10:00:00Z: the oldest, its ID last as text. */
    private static final String FIRST = "ffffffff-0000-4000-8000-000000000001";
    /** 11:00:00.250+01:00, that is 10:00:00.250Z. */
    private static final String SECOND = "eeeeeeee-0000-4000-8000-000000000002";
    /** 10:00:00.500Z, and {@link #FOURTH} the same instant as 10:00:00.5Z: the tie goes by report ID. */
    private static final String THIRD = "cccccccc-0000-4000-8000-000000000003";
    private static final String FOURTH = "dddddddd-0000-4000-8000-000000000004";
    private static final String NEW = "00000000-0000-4000-8000-000000000005";

    @TempDir
    Path dir;

    @Test
    void theOldestGoFirstByTheirTimeThenByTheirId() throws Exception {
        StoredBodies.plant(dir, FOURTH, "2026-12-07T10:00:00.5Z", StoredBodies.of(FOURTH));
        StoredBodies.plant(dir, THIRD, "2026-12-07T10:00:00.500Z", StoredBodies.of(THIRD));
        StoredBodies.plant(dir, SECOND, "2026-12-07T11:00:00.250+01:00", StoredBodies.of(SECOND));
        StoredBodies.plant(dir, FIRST, "2026-12-07T10:00:00Z", StoredBodies.of(FIRST));
        SetClock clock = new SetClock("2026-12-07T10:00:01Z");

        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, clock, 4, Long.MAX_VALUE);
        assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(FIRST, SECOND, THIRD, FOURTH);

        store.savePending(NEW, StoredBodies.of(NEW));
        assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(SECOND, THIRD, FOURTH, NEW);

        new DeadLetterStore(dir, ObjectMapper::new, clock, 2, Long.MAX_VALUE).savePending(NEW, StoredBodies.of(NEW));
        assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(FOURTH, NEW);
        assertThat(Files.exists(dir.resolve(THIRD + ".json.gz"))).isFalse();
    }
}
