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
        UUID first = InstallationId.loadOrCreate(dir.resolve("installation-id"));
        UUID again = InstallationId.loadOrCreate(dir.resolve("installation-id"));

        assertThat(first.version()).isEqualTo(4);
        assertThat(again).isEqualTo(first);
        assertThat(InstallationId.loadOrCreate(dir.resolve("other").resolve("installation-id"))).isNotEqualTo(first);
    }

    @Test
    void aDamagedFileIsAnErrorNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("installation-id"), "not-a-uuid");

        assertThatThrownBy(() -> InstallationId.loadOrCreate(file)).hasMessageContaining(file.toString());
    }
}
