package io.ceip.agent.privacy;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.collect.InstallationId;
import io.ceip.agent.files.StateStore;
import io.ceip.agent.schedule.JdbcStateStore;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes of a cluster share one state table: a damaged salt (or installation ID) stored there is replaced once,
 * by the first node to store a report, and the second adopts it (it replaced it unconditionally, and each node kept
 * its own salt: one installation sent two pseudonyms for one name until the nodes restarted).
 */
class ADamagedSharedSaltIsReplacedOnceForTheClusterTest {

    @Test
    void twoNodesEndWithOneSaltAndOneInstallationId() throws Exception {
        StateStore shared = new JdbcStateStore(new DriverManagerDataSource("jdbc:h2:mem:cluster-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", "sa", "", 5)).ensureTable();
        shared.put(Pseudonyms.NAME, "zz");
        shared.put(InstallationId.NAME, "not-a-uuid");
        Pseudonyms a = new Pseudonyms(shared);
        Pseudonyms b = new Pseudonyms(shared);
        InstallationId idA = new InstallationId(shared);
        InstallationId idB = new InstallationId(shared);
        String madeByA = a.of("admin");
        String madeByB = b.of("admin");
        idA.get();
        idB.get();

        a.persist();
        b.persist();
        idA.persist();
        idB.persist();

        assertThat(madeByA).as("each node made its own salt meanwhile").isNotEqualTo(madeByB);
        assertThat(b.of("admin")).as("the second node adopts the first's replacement").isEqualTo(a.of("admin"))
                .isEqualTo(madeByA);
        assertThat(shared.get(Pseudonyms.NAME).orElseThrow()).matches("[0-9a-f]{64}");
        assertThat(idB.get()).isEqualTo(idA.get());
        assertThat(shared.get(InstallationId.NAME)).contains(idA.get().toString());
    }
}
