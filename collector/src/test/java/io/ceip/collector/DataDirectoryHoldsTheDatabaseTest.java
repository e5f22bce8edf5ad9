package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ceip.collector.files.OwnerOnly;
import io.ceip.collector.support.TestCollector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collector.data-dir} alone moves the embedded database with the certificate ({@code <data-dir>/db}, 0700, its
 * files 0600); a {@code collector.store.jdbc-url} naming an H2 file elsewhere gets its files made owner-only there,
 * without touching the other files of that folder (before, the database stayed in {@code ./data/db} of the working
 * directory, 0644 in a 0755 folder, review s21 collector M2).
 */
class DataDirectoryHoldsTheDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void theDataDirectoryAloneMovesTheDatabaseOwnerOnly() throws Exception {
        assumeThat(OwnerOnly.supported()).isTrue();
        Path data = dir.resolve("var/lib/ceip-collector");

        start(Map.of("collector.data-dir", data.toString())).close();

        assertThat(mode(data.resolve("db"))).isEqualTo("rwx------");
        assertThat(mode(data.resolve("db/collector.mv.db"))).isEqualTo("rw-------");
        assertThat(CollectorSettings.load(Map.of("collector.data-dir", data.toString())).get(
                "collector.store.jdbc-url")).isEqualTo("jdbc:h2:file:" + data + "/db/collector;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(CollectorSettings.load(Map.of("collector.data-dir", "state")).get("collector.store.jdbc-url"))
                .as("relative: H2 wants ./").isEqualTo("jdbc:h2:file:./state/db/collector;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void aDatabaseElsewhereHasItsOwnFilesMadeOwnerOnly() throws Exception {
        assumeThat(OwnerOnly.supported()).isTrue();
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path other = Files.writeString(shared.resolve("other.mv.db"), "another application's");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-r--r--"));
        Path fresh = dir.resolve("fresh/reports");

        start(Map.of("collector.data-dir", dir.resolve("data").toString(), "collector.store.jdbc-url",
                "jdbc:h2:file:" + shared.resolve("reports"))).close();
        start(Map.of("collector.data-dir", dir.resolve("data").toString(), "collector.store.jdbc-url",
                "jdbc:h2:" + fresh + ";DB_CLOSE_ON_EXIT=FALSE")).close();

        assertThat(mode(shared.resolve("reports.mv.db"))).isEqualTo("rw-------");
        assertThat(mode(shared)).as("not ours").isEqualTo("rwxr-xr-x");
        assertThat(mode(other)).as("not ours").isEqualTo("rw-r--r--");
        assertThat(mode(fresh.getParent())).as("made by the collector").isEqualTo("rwx------");
        assertThat(mode(dir.resolve("fresh/reports.mv.db"))).isEqualTo("rw-------");
        assertThat(dir.resolve("data/db")).doesNotExist();
    }

    private static Collector start(Map<String, String> given) throws Exception {
        Map<String, String> settings = new HashMap<>(given);
        settings.put("collector.port", Integer.toString(TestCollector.freePort()));
        settings.put("collector.host", "127.0.0.1");
        return Collector.create(settings).start();
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
