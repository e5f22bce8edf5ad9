package io.ceip.agent.events;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner of the events per data directory, and none when the lock file is not one the agent can make: a
 * directory, a link or another user's file in its place must not make every process the owner (each would then send
 * the same events).
 */
class EventsOwnershipTest {

    @TempDir
    Path data;

    @Test
    void theFirstTakerOwnsTheEventsAndTheNextDoesNot() throws Exception {
        try (EventsOwnership first = EventsOwnership.take(data, null);
                EventsOwnership second = EventsOwnership.take(data, null)) {
            assertThat(first.owned()).isTrue();
            assertThat(second.owned()).isFalse();
            assertThat(EventsOwnership.heldElsewhere(data)).isTrue();
        }
        assertThat(EventsOwnership.heldElsewhere(data)).as("let go").isFalse();
    }

    @Test
    void aLockFileThatIsNoFileMakesNoOneTheOwner() throws Exception {
        Files.createDirectories(data.resolve(EventsOwnership.NAME));
        try (EventsOwnership first = EventsOwnership.take(data, null);
                EventsOwnership second = EventsOwnership.take(data, null)) {
            assertThat(first.owned()).isFalse();
            assertThat(second.owned()).isFalse();
            assertThat(first.failure()).contains("events.lock cannot be locked");
        }
        assertThat(EventsOwnership.heldElsewhere(data)).as("a preview takes none either").isTrue();
    }

    @Test
    void aLinkInPlaceOfTheLockIsNeitherFollowedNorOwned() throws Exception {
        Path elsewhere = Files.createFile(data.resolveSibling(data.getFileName() + "-elsewhere"));
        Files.createSymbolicLink(data.resolve(EventsOwnership.NAME), elsewhere);
        try (EventsOwnership taker = EventsOwnership.take(data, null)) {
            assertThat(taker.owned()).isFalse();
        }
        assertThat(elsewhere).isEmptyFile();
        Files.delete(elsewhere);
    }
}
