package io.ceip.agent;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code export} whose file cannot be written (here its folder is a regular file; a full or read-only disk alike)
 * exports nothing, and so takes nothing: the route committed the report (the last report's time, at full consent the
 * feature window's end and the product events counted) before it wrote the file, so the failed export's window was
 * never in any report, the events counted in it were dropped, and the start-up report took a report as made.
 */
class ExportThatCannotWriteItsFileTakesNoWindowTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void aFailedExportLeavesTheLastReportAndTheFeatureWindowAsTheyWere() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.database.url=jdbc:h2:mem:export-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", "ceip.consent.default=full", ""));
        System.setProperty("ceip.config", config.toString());
        Path notAFolder = Files.writeString(dir.resolve("usb"), "a file where the export's folder should be");
        Path file = notAFolder.resolve("report.json.gz");

        Result result;
        try (LogCapture log = LogCapture.attach()) {
            result = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run("export", file.toString()));

            assertThat(log.shown()).doesNotContain("Stacktrace").doesNotContain("Message History");
        }

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errLines()).singleElement().asString().startsWith("ceip-agent: ").contains(notAFolder
                .toString());
        assertThat(data.resolve("last-report")).as("no report was made").doesNotExist();
        assertThat(data.resolve("features-window-end")).as("the window is the next report's").doesNotExist();
        assertThat(Files.readString(data.resolve("consent-audit.log"))).isNotEmpty(); // the command did run

        Path written = dir.resolve("report.json.gz");
        assertThat(run("export", written.toString()).code()).isZero();
        assertThat(data.resolve("last-report")).exists();
        assertThat(data.resolve("features-window-end")).exists();
    }
}
