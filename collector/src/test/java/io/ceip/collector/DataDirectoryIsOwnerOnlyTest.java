package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ceip.collector.files.OwnerOnly;
import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.TestCollector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh start makes data/, data/tls and data/db 0700 and the key store and the database 0600 (no warning); a data
 * directory an older collector left open (0755 / 0644) is tightened at the next start with one warning.
 */
class DataDirectoryIsOwnerOnlyTest {

    @TempDir
    Path dir;

    @Test
    void aFreshStartIsOwnerOnlyAndAnOpenDataDirectoryIsTightenedWithOneWarning() throws Exception {
        assumeThat(OwnerOnly.supported()).isTrue();
        Path data = dir.resolve("data");
        List<String> lines;
        try (LogLines log = LogLines.capture()) {
            start(data).close();
            lines = log.lines();
        }

        for (Path directory : List.of(data, data.resolve("tls"), data.resolve("db"))) {
            assertThat(mode(directory)).as(directory.toString()).isEqualTo("rwx------");
        }
        assertThat(mode(data.resolve("tls/collector.p12"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("db/collector.mv.db"))).isEqualTo("rw-------");
        assertThat(data.resolve("tls/collector.pem")).isRegularFile();
        assertThat(lines).noneMatch(line -> line.contains("owner-only"));

        for (Path directory : List.of(data, data.resolve("tls"), data.resolve("db"))) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(data.resolve("tls/collector.p12"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data.resolve("db/collector.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (LogLines log = LogLines.capture()) {
            start(data).close();
            lines = log.lines();
        }

        for (Path directory : List.of(data, data.resolve("tls"), data.resolve("db"))) {
            assertThat(mode(directory)).as(directory.toString()).isEqualTo("rwx------");
        }
        assertThat(mode(data.resolve("tls/collector.p12"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("db/collector.mv.db"))).isEqualTo("rw-------");
        assertThat(lines.stream().filter(line -> line.contains("owner-only"))).singleElement().asString()
                .startsWith("WARN io.ceip.collector.Collector - ").contains("collector.p12")
                .contains("collector.mv.db");
    }

    private static Collector start(Path data) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("collector.data-dir", data.toString());
        settings.put("collector.port", Integer.toString(TestCollector.freePort()));
        settings.put("collector.host", "127.0.0.1");
        settings.put("collector.store.jdbc-url", "jdbc:h2:file:" + data.resolve("db/collector").toAbsolutePath());
        return Collector.create(settings).start();
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
