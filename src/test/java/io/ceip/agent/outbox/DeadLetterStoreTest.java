package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterStoreTest {

    @TempDir
    Path dir;

    private final SetClock clock = new SetClock("2026-11-23T10:00:00Z");

    @Test
    void entriesKeepTheirExactBodyAndHistoryAndListOldestFirst() {
        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, clock);
        String older = UUID.randomUUID().toString();
        String newer = UUID.randomUUID().toString();
        byte[] newerBody = StoredBodies.of(newer, "\"n\":[1,2,3]");
        store.savePending(newer, newerBody);
        clock.now = clock.now.minusSeconds(60);
        store.savePending(older, StoredBodies.of(older));

        store.recordFailure(older, "HTTP 503", 3);
        DeadLetter failedTwice = store.recordFailure(older, "ConnectException", 1);
        store.reject(newer, "HTTP 400", 1, "bad request");

        assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(older, newer);
        assertThat(failedTwice.attempts()).isEqualTo(4);
        assertThat(failedTwice.lastStatus()).isEqualTo("ConnectException");
        assertThat(failedTwice.firstFailure()).isNotNull();
        assertThat(store.pending()).extracting(DeadLetter::reportId).containsExactly(older);
        assertThat(store.count(DeadLetter.REJECTED)).isEqualTo(1);
        assertThat(store.body(newer)).containsExactly(newerBody);

        store.delete(older);
        assertThat(store.pending()).isEmpty();
        assertThat(dir.toFile().list()).noneMatch(name -> name.startsWith(older));
    }

    @Test
    void aReportIdThatCouldEscapeTheDirectoryIsRefused() {
        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, clock);

        assertThatThrownBy(() -> store.savePending("../../etc/passwd-aaaaaaaaaaaaaaaaaaaaaaa", new byte[0]))
                .hasMessageContaining("not a report ID");
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws Exception {
        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, clock);
        store.savePending(UUID.randomUUID().toString(), new byte[] { 9 });

        try (var files = Files.list(dir)) {
            assertThat(files).noneMatch(f -> f.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX));
        }
    }
}
