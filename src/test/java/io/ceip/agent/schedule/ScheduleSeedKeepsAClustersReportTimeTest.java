package io.ceip.agent.schedule;

import io.ceip.agent.files.FileStateStore;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed of a cluster's schedule offset: a cluster that has an installation ID keeps its report time (the ID
 * becomes the seed), a new one gets a random seed that later starts read back, and a damaged seed is replaced.
 */
class ScheduleSeedKeepsAClustersReportTimeTest {

    @TempDir
    Path dir;

    @Test
    void theInstallationIdBecomesTheSeedAndLaterStartsReadItBack() {
        FileStateStore state = new FileStateStore(dir);
        UUID installation = UUID.randomUUID();

        assertThat(ScheduleSeed.of(state, Optional.of(installation))).isEqualTo(installation);
        assertThat(ScheduleSeed.of(state, Optional.empty())).isEqualTo(installation);
        assertThat(ScheduleSeed.stored(state, UUID.randomUUID())).isEqualTo(installation);
    }

    @Test
    void aNewClusterGetsARandomSeedAndADamagedOneIsReplaced() {
        FileStateStore state = new FileStateStore(dir);
        UUID first = ScheduleSeed.of(state, Optional.empty());
        assertThat(ScheduleSeed.of(state, Optional.of(UUID.randomUUID()))).isEqualTo(first);

        state.put(ScheduleSeed.NAME, "not-a-uuid");
        UUID replaced = ScheduleSeed.of(state, Optional.empty());
        assertThat(state.get(ScheduleSeed.NAME)).contains(replaced.toString());
    }
}
