package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.outbox.StoreOwnership;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.StoredBodies;
import io.ceip.agent.support.Undeletable;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A purge (JMX {@code purgeDeadLetters()}) that cannot delete one report goes on with the others and says how many
 * stay kept: before, the first failure ended it with "Purge failed: UncheckedIOException", while the reports deleted
 * before it were already gone and in the ledger as purged. The report that cannot be deleted stays whole (its metadata
 * goes first), one WARN line names it. As root (the tests' user here) its metadata file is made append-only
 * ({@code chattr +a}: it cannot be deleted); otherwise the store's directory is made read-only (none can be).
 */
class APurgeThatCannotDeleteAReportSaysSoTest {

    private static final String DELETABLE = "00000000-0000-4000-8000-00000000000a";
    private static final String STUCK = "00000000-0000-4000-8000-00000000000b";

    @TempDir
    Path dir;
    private Path undeletable;

    @Test
    void theOthersArePurgedAndTheAnswerSaysWhatStays() throws Exception {
        Path directory = dir.resolve("dead-letter");
        DeadLetterStore store = new DeadLetterStore(directory, ObjectMapper::new, Clock.systemUTC());
        DeliveryLedger ledger = new DeliveryLedger(dir.resolve("ledger.log"), 1 << 20, 2, Clock.systemUTC());
        DeliveryQueue queue = new DeliveryQueue(store, new AgentStatus(), 10, Clock.systemUTC(), StoreOwnership.sole());
        store.savePending(DELETABLE, StoredBodies.of(DELETABLE));
        store.savePending(STUCK, StoredBodies.of(STUCK));
        boolean root = OwnerOnlyFiles.currentUid() == 0;
        undeletable(root ? directory.resolve(STUCK + ".meta.json") : directory, true);

        String answer;
        try (LogCapture log = LogCapture.attach()) {
            answer = new RejectedRequeue(queue, ledger).purge("a test");

            assertThat(log.shown()).contains("Report " + STUCK + " could not be deleted, and stays kept (");
        }

        int deleted = root ? 1 : 0;
        assertThat(answer).startsWith(deleted + " report(s) deleted from the dead-letter store; " + (2 - deleted)
                + " could not be deleted and stay kept (").endsWith(", see the log)");
        assertThat(store.entries()).extracting(DeadLetter::reportId).contains(STUCK).hasSize(2 - deleted);
        assertThat(ledger.entries()).extracting(DeliveryLedger.Entry::reportId)
                .containsExactly(root ? new String[] { DELETABLE } : new String[0]);
        assertThat(store.body(STUCK)).as("the report that stays is whole").isEqualTo(StoredBodies.of(STUCK));
    }

    @AfterEach
    void deletable() throws Exception {
        if (undeletable != null) {
            undeletable(undeletable, false);
        }
    }

    private void undeletable(Path path, boolean on) throws Exception {
        undeletable = path;
        Undeletable.set(path, on);
    }
}
