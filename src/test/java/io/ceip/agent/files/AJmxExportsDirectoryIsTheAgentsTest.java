package io.ceip.agent.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The directory JMX {@code exportReport("exports/report.json.gz")} makes in the data directory, holding exports only,
 * is the agent's: it was taken for another program's, and every start after it left the data directory as if shared
 * ("is not the agent's alone (1 entry of another program: exports)"), its permissions no longer tightened. A
 * directory that also holds anything else, or nothing, is still another program's.
 */
class AJmxExportsDirectoryIsTheAgentsTest {

    @TempDir
    Path data;

    @Test
    void aDirectoryOfExportsIsTheAgentsAndOneWithAnythingElseIsNot() throws Exception {
        Path exports = Files.createDirectories(data.resolve("exports/2026"));
        Files.writeString(exports.resolve("report.json.gz"), "gzip");
        Files.writeString(exports.resolve("report.json.gz.json"), "{}");
        Path mixed = Files.createDirectories(data.resolve("backups"));
        Files.writeString(mixed.resolve("db.gz"), "gzip");
        Files.writeString(mixed.resolve("notes.txt"), "the product's");
        Path empty = Files.createDirectories(data.resolve("empty"));
        Path linked = Files.createDirectories(data.resolve("linked"));
        Files.createSymbolicLink(linked.resolve("report.gz"), exports.resolve("report.json.gz"));

        assertThat(ForeignEntries.in(data, List.of())).containsExactly(mixed, empty, linked);
    }
}
