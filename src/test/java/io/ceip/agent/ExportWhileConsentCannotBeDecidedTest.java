package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code export} when consent cannot be decided (here the consent audit log, which the decision appends to, is a
 * directory: a damaged data directory) exports nothing and says why in one line, exit code 1, as {@code send} does.
 * Its route had no error handling of its own: Camel's default handler logged the failure at ERROR with its message
 * history and an 80-line stack trace on the command's stderr.
 */
class ExportWhileConsentCannotBeDecidedTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void exportSaysInOneLineThatNothingWasExportedAndLogsNoStackTrace() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("consent-audit.log"));
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.database.url=jdbc:h2:mem:export-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", "ceip.consent.default=basic", ""));
        System.setProperty("ceip.config", config.toString());
        Path file = dir.resolve("report.json.gz");

        Result result;
        try (LogCapture log = LogCapture.attach()) {
            result = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run("export", file.toString()));

            assertThat(log.shown()).doesNotContain("Stacktrace").doesNotContain("Message History")
                    .doesNotContain("DefaultErrorHandler");
        }
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).singleElement().asString().startsWith("ceip-agent: ")
                .contains("consent cannot be decided").contains("consent-audit.log").contains("nothing exported");
        assertThat(file).doesNotExist();
        assertThat(Path.of(file + ".json")).doesNotExist();
    }
}
