package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report the cycle would not send (here over {@code ceip.report.max-bytes}) was previewed as if it would be (the
 * JSON, exit code 0, not a word), and exported as if it could be uploaded (recorded {@code EXPORTED}, the last
 * report's time taken): {@code preview} now says on stderr that it would not be sent and why, its JSON unchanged on
 * stdout, and {@code export} refuses in one line, exit code 1, writing nothing.
 */
class PreviewOfAReportThatWouldNotBeSentSaysSoTest {

    @TempDir
    Path dir;

    @BeforeEach
    void aLimitNoReportFits() throws Exception {
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.database.url=jdbc:h2:mem:big-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", "ceip.consent.default=basic", "ceip.report.max-bytes=100", ""));
        System.setProperty("ceip.config", config.toString());
        Path data = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(Files.createFile(data.resolve("installation-id"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), UUID.randomUUID() + "\n");
    }

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void thePreviewSaysSoOnStderrAndTheExportWritesNothing() throws Exception {
        Result preview = run("preview");
        Result raw = run("preview", "--raw");
        Path file = dir.resolve("out/report.json.gz");
        Result export = run("export", file.toString());

        assertThat(preview.code()).isZero();
        assertThat(preview.out()).contains("\"reportId\"").doesNotContain("would not be sent");
        assertThat(preview.errLines()).anySatisfy(line -> assertThat(line).matches("ceip-agent: this report would not"
                + " be sent: \\d+ bytes gzip is over ceip\\.report\\.max-bytes \\(100\\); .*"));
        assertThat(raw.errLines()).anySatisfy(line -> assertThat(line).startsWith("ceip-agent: this report would not"
                + " be sent: "));
        assertThat(export.code()).isEqualTo(1);
        assertThat(export.out()).isEmpty();
        assertThat(export.errLines()).singleElement().asString().matches("ceip-agent: the report would not be sent"
                + " \\(\\d+ bytes gzip is over ceip\\.report\\.max-bytes \\(100\\)\\): nothing exported");
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("out/report.json.gz.json")).doesNotExist();
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).as("no ledger, no last-report")
                    .doesNotContain("ledger.log", "last-report");
        }
    }
}
