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
    void aDamagedFileIsAnErrorNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("installation-id"), "not-a-uuid");

        assertThatThrownBy(() -> loadOrCreate(file)).hasMessageContaining(file.toString());
    }
}
