package io.ceip.agent.collect;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class InstallationIdTest {

    @TempDir
    Path dir;

    @Test
    void createdOnceAsARandomVersion4UuidAndStableAfterwards() {
        UUID first = loadOrCreate(dir.resolve("installation-id"));
        UUID again = loadOrCreate(dir.resolve("installation-id"));

        assertThat(first.version()).isEqualTo(4);
        assertThat(again).isEqualTo(first);
        assertThat(loadOrCreate(dir.resolve("other").resolve("installation-id"))).isNotEqualTo(first);
    }

    /** Reads the ID from {@code file}, creating and storing it if absent (what the first report does). */
    private static UUID loadOrCreate(Path file) {
        InstallationId installationId = new InstallationId(file);
        installationId.persist();
        return installationId.get();
    }

    @Test
    void anIdAnotherNodeStoredFirstIsTheOneTheNextReportCarries() {
        // two nodes of a cluster over one store (here: one directory): each made its ID in memory at start
        InstallationId first = new InstallationId(dir.resolve("installation-id"));
        InstallationId second = new InstallationId(dir.resolve("installation-id"));
        UUID secondInMemory = second.get();
        UUID firstInMemory = first.get();
        assertThat(secondInMemory).isNotEqualTo(firstInMemory);

        first.persist(); // the first node's report is stored first

        assertThat(second.get()).as("what the second node's next report carries").isEqualTo(firstInMemory);
        second.persist();
        assertThat(second.get()).isEqualTo(firstInMemory);
        assertThat(second.existing()).contains(firstInMemory);
    }

    /**
     * A value that is no UUID (damaged, edited, the JDK parser's lenient {@code 1-1-1-1-1}) is not used and does not
     * stop the agent: one warning naming the file, a new ID made as on a first start, written only when a report is
     * stored (until then the file stays as it was: nothing is written with consent off or for a preview).
     */
    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "", "1-1-1-1-1", "{3f2504e0-4f89-41d3-9a0c-0305e82c3301}",
            "3f2504e0-4f89-41d3-9a0c-0305e82c3301-00"})
    void aValueThatIsNoUuidIsReplacedByANewIdWhenTheNextReportIsStored(String value) throws Exception {
        Path file = Files.writeString(dir.resolve("installation-id"), value);
        try (LogCapture log = LogCapture.attach()) {
            InstallationId installationId = new InstallationId(file);
            UUID made = installationId.get();
            assertThat(installationId.get()).isEqualTo(made);
            assertThat(installationId.existing()).isEmpty();
            assertThat(Files.readString(file)).as("nothing written before a report").isEqualTo(value);

            installationId.persist();

            assertThat(made.version()).isEqualTo(4);
            assertThat(Files.readString(file).trim()).isEqualTo(made.toString());
            assertThat(new InstallationId(file).get()).isEqualTo(made);
            Path aside;
            try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
                java.util.List<Path> found = entries.filter(entry -> entry.getFileName().toString()
                        .startsWith("installation-id.unusable-")).toList();
                assertThat(found).hasSize(1);
                aside = found.get(0);
            }
            assertThat(Files.readString(aside)).as("the damaged value set aside, not deleted").isEqualTo(value);
            assertThat(log.all().lines().filter(line -> line.contains("installation-id"))).containsExactly(
                    "io.ceip.agent.collect.InstallationId " + file + ": " + (value.isEmpty() ? "empty, " : "")
                            + "not a UUID: not used; a new installation ID is made, and the next report stored sets"
                            + " the file aside (renamed installation-id.unusable-<time>, never deleted) and keeps the"
                            + " new one in its place (the vendor will see a new installation)",
                    "io.ceip.agent.files.FileStateStore " + file + " set aside as " + aside.getFileName() + ": it"
                            + " could not be used; a new value takes its place");
        }
    }
}
