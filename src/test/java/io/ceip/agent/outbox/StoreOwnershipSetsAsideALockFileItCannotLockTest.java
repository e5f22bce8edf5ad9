package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store.lock that can never be locked (a directory, a symbolic link) made no one the owner for ever: every pending
 * report stayed unreplayed, and recovery left it where it was (review s20 fixes M1). Now the process that writes the
 * store moves it aside, itself and never followed, as the ledger is (one WARN line naming it and what it is), takes a
 * new lock file and replays the store; recovery leaves the moved one alone.
 */
class StoreOwnershipSetsAsideALockFileItCannotLockTest {

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private final ObjectMapper json = new ObjectMapper();
    private final SetClock clock = new SetClock("2026-12-05T10:00:00Z");

    @Test
    void aDirectoryAtTheLockFileIsMovedAsideAndTheStoreReplayed() throws Exception {
        Files.createDirectories(dir.resolve(StoreOwnership.NAME).resolve("x"));
        assertReplayedAfterSettingAside("a directory");
    }

    @Test
    void aSymbolicLinkAtTheLockFileIsMovedAsideNeverFollowed() throws Exception {
        Path target = Files.writeString(elsewhere.resolve("target"), "not the agent's");
        Files.createSymbolicLink(dir.resolve(StoreOwnership.NAME), target);
        assertReplayedAfterSettingAside("a symbolic link");
        assertThat(Files.readString(target)).as("the link's target untouched").isEqualTo("not the agent's");
        assertThat(elsewhere.resolve(StoreOwnership.NAME)).doesNotExist();
    }

    private void assertReplayedAfterSettingAside(String kind) throws Exception {
        String id = UUID.randomUUID().toString();
        new DeadLetterStore(dir, () -> json, clock).savePending(id, StoredBodies.of(id));
        try (LogCapture log = LogCapture.attach();
                StoreOwnership ownership = StoreOwnership.take(dir, () -> { })) {
            assertThat(ownership.failure()).isNull();
            assertThat(ownership.owned()).isTrue();
            DeadLetterStore store = new DeadLetterStore(dir, () -> json, clock);
            assertThat(store.recover()).as("nothing quarantined").isZero();
            DeliveryQueue queue = new DeliveryQueue(store, new AgentStatus(), 10, clock, ownership);
            assertThat(queue.due(100)).containsExactly(id);
            assertThat(dir.resolve(StoreOwnership.NAME)).isRegularFile();
            List<Path> aside;
            try (Stream<Path> files = Files.list(dir)) {
                aside = files.filter(f -> f.getFileName().toString().startsWith(StoreOwnership.REFUSED)).toList();
            }
            assertThat(aside).hasSize(1);
            assertThat(Files.isSymbolicLink(aside.get(0)) || Files.isDirectory(aside.get(0), LinkOption.NOFOLLOW_LINKS))
                    .as("moved itself").isTrue();
            assertThat(log.all()).containsOnlyOnce("moved aside").contains(kind + ": moved aside to "
                    + aside.get(0).getFileName());
        }
    }
}
