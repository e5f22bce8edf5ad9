package io.ceip.agent;

import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;
import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.agent.support.AgentStarts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter store's directory holds the store alone: its start-up check moves every name it does not give to
 * its quarantine (and holds the quarantine within its bound, deleting the oldest). With
 * {@code ceip.dead-letter.directory} set to the data directory (or a directory above it, or the sent copies'), the
 * start moved the installation ID, the consent setting and its audit, the ledger and the sent copies there as
 * {@code stray-<random>}: consent went back to its default, the installation became a new one. Now the start stops
 * with one line naming the setting and what it would hold, and nothing is moved.
 */
class DeadLetterDirectoryOfItsOwnTest {

    @TempDir
    Path dir;

    @Test
    void theDataDirectoryAsTheStoreStopsTheStartAndMovesNothing() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path id = Files.writeString(data.resolve("installation-id"), UUID.randomUUID() + "\n");
        Path audit = Files.writeString(data.resolve("consent-audit.log"),
                "2026-12-01T10:00:00Z basic -> off source=runtime-setting\n");

        assertStartStopsSaying(AgentStarts.agent(data, null, Map.of("ceip.dead-letter.directory", data.toString())),
                "ceip.dead-letter.directory " + data + " is or holds the data directory (ceip.data.directory): the"
                        + " store moves everything it did not write there to its quarantine; give it a directory"
                        + " of its own (the default is dead-letter/ in the data directory)");

        assertThat(listed(data)).as("nothing written or moved").containsExactlyInAnyOrder(id, audit);
    }

    @Test
    void aDirectoryAboveTheDataDirectoryOrTheSentCopiesAsTheStoreStopsTheStart() throws Exception {
        Path data = Files.createDirectories(dir.resolve("var").resolve("data"));
        Path copy = Files.write(Files.createDirectories(data.resolve("sent"))
                .resolve("20261204T053221123Z-" + UUID.randomUUID() + ".json.gz"), new byte[] {1});
        Path above = data.getParent();

        assertStartStopsSaying(AgentStarts.agent(data, null, Map.of("ceip.dead-letter.directory", above.toString())),
                "ceip.dead-letter.directory " + above + " is or holds the data directory (ceip.data.directory): the"
                        + " store moves everything it did not write there to its quarantine; give it a directory"
                        + " of its own (the default is dead-letter/ in the data directory)");
        assertStartStopsSaying(AgentStarts.agent(data, null, Map.of("ceip.dead-letter.directory",
                data.resolve("sent").toString())), "ceip.dead-letter.directory " + data.resolve("sent")
                        + " is or holds the copies of the reports sent: the store moves everything it did not"
                        + " write there to its quarantine; give it a directory of its own (the default is"
                        + " dead-letter/ in the data directory)");

        assertThat(listed(above)).containsExactly(data);
        assertThat(listed(data.resolve("sent"))).containsExactly(copy);
    }

    private static List<Path> listed(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
