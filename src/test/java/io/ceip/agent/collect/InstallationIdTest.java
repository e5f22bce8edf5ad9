package io.ceip.agent.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aDamagedFileIsAnErrorNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("installation-id"), "not-a-uuid");

        assertThatThrownBy(() -> loadOrCreate(file)).hasMessageContaining(file.toString());
    }
}
