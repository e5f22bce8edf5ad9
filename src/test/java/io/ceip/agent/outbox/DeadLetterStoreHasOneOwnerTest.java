package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.support.SetClock;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processes on one dead-letter store ({@code ceip-agent send} beside the running agent; review s20 H1): one owns
 * it ({@link StoreOwnership}, a lock on {@value StoreOwnership#NAME}), recovers it and replays it; the other stores and
 * sends its own new report only. A report one of them is delivering is never taken by the other, and a start beside a
 * write in progress leaves it alone. Two ownerships over one directory stand in for the two processes (the JVM
 * refuses an overlapping lock as another process's lock is refused).
 */
class DeadLetterStoreHasOneOwnerTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final SetClock clock = new SetClock("2026-12-05T10:00:00Z");

    private DeliveryQueue queue(StoreOwnership ownership) {
        return new DeliveryQueue(new DeadLetterStore(dir, () -> json, clock), new AgentStatus(), 10, clock, ownership);
    }

    @Test
    void theFirstToLockTheStoreOwnsItAndTheOtherDoesNot() {
        try (StoreOwnership agent = StoreOwnership.take(dir, null);
                StoreOwnership send = StoreOwnership.take(dir, null)) {
            assertThat(agent.owned()).isTrue();
            assertThat(send.owned()).isFalse();
            assertThat(send.failure()).as("held by another: no failure").isNull();
            assertThat(dir.resolve(StoreOwnership.NAME)).isRegularFile();
        }
    }

    @Test
    void aReportTheOwnerIsSendingIsNeitherReplayedNorClaimedBesideIt() {
        String id = UUID.randomUUID().toString();
        new DeadLetterStore(dir, () -> json, clock).savePending(id, StoredBodies.of(id));
        try (StoreOwnership agent = StoreOwnership.take(dir, null);
                StoreOwnership send = StoreOwnership.take(dir, null)) {
            DeliveryQueue running = queue(agent);
            DeliveryQueue beside = queue(send);

            assertThat(running.due(1000)).containsExactly(id);
            assertThat(running.claim(id)).isPresent();
            assertThat(beside.due(1000)).as("a send beside the owner replays none of its reports").isEmpty();
            assertThat(beside.claim(id)).as("a second claim of the report in delivery").isEmpty();
        }
    }

    @Test
    void theNewReportOfASendBesideTheOwnerIsLeftToTheSendUntilItsOutcomeIsRecorded() {
        String id = UUID.randomUUID().toString();
        try (StoreOwnership agent = StoreOwnership.take(dir, null);
                StoreOwnership send = StoreOwnership.take(dir, null)) {
            DeliveryQueue running = queue(agent);
            DeliveryQueue beside = queue(send);
            assertThat(beside.save(id, StoredBodies.of(id), "none")).isEqualTo(Kept.DISK);

            assertThat(running.due(1000)).as("stored, so listed").containsExactly(id);
            assertThat(running.claim(id)).as("the owner's replay while the send delivers it").isEmpty();

            assertThat(beside.failed(id, "HTTP 503", 1)).isEqualTo(Kept.DISK);
            assertThat(running.claim(id)).as("the owner's once the send recorded its outcome").isPresent();
        }
    }

    @Test
    void recoveryLeavesAWriteInProgressAndTheLockFileAloneAndDeletesALeftover() throws Exception {
        String id = UUID.randomUUID().toString();
        String crashed = UUID.randomUUID().toString();
        DeadLetterStore running = new DeadLetterStore(dir, () -> json, clock);
        running.savePending(id, StoredBodies.of(id));
        Path inProgress = dir.resolve("." + id + DeadLetterFiles.META + AtomicFiles.TEMP_SUFFIX);
        Files.write(inProgress, Files.readAllBytes(dir.resolve(id + DeadLetterFiles.META)));
        Path leftover = Files.writeString(dir.resolve("." + crashed + DeadLetterFiles.META + AtomicFiles.TEMP_SUFFIX),
                "{\"half\":");
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(DeadLetterRecovery.LEFTOVER_AGE)
                .minus(Duration.ofMinutes(1))));
        try (StoreOwnership owner = StoreOwnership.take(dir, null)) {
            int quarantined = new DeadLetterStore(dir, () -> json, clock).recover(); // the owner starting beside a send

            assertThat(quarantined).isZero();
            assertThat(inProgress).as("another process's write, about to be renamed").exists();
            assertThat(leftover).as("a crash's leftover").doesNotExist();
            assertThat(dir.resolve(StoreOwnership.NAME)).isRegularFile();
            assertThat(dir.resolve(DeadLetterFiles.QUARANTINE)).doesNotExist();
        }
    }

    /**
     * A lock file that is not a file is moved aside (StoreOwnershipSetsAsideALockFileItCannotLockTest); one that cannot
     * be makes no one the owner, and health says so (review s20 fixes M1), until it can be locked.
     */
    @Test
    void aLockFileThatCannotBeLockedNorMovedAsideMakesNoOneTheOwnerAndHealthDownUntilItCanBe() throws Exception {
        Path notAFile = Files.createDirectories(dir.resolve(StoreOwnership.NAME));
        AgentStatus status = new AgentStatus();
        // not moved aside, as in a directory this user may not write (root writes any: so the test says it)
        try (StoreOwnership ownership = StoreOwnership.take(dir, null, false)) {
            DeliveryQueue queue = new DeliveryQueue(new DeadLetterStore(dir, () -> json, clock), status, 10, clock,
                    ownership);
            assertThat(ownership.owned()).isFalse();
            assertThat(ownership.failure()).contains(StoreOwnership.NAME).contains("cannot be locked");
            assertThat(queue.due(10)).isEmpty();
            assertThat(status.lockProblem()).as("health DOWN").get(InstanceOfAssertFactories.STRING)
                    .contains(StoreOwnership.NAME).contains("never replayed");
            assertThat(notAFile).as("left where it is").isDirectory();

            Files.delete(notAFile);

            assertThat(queue.ownsStore()).as("tried again").isTrue();
            assertThat(ownership.failure()).isNull();
            assertThat(status.lockProblem()).as("health UP again").isEmpty();
        }
    }
}
