package io.ceip.agent;

import io.ceip.agent.report.FeatureWindow;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A feature window's end ({@code features-window-end}) or last report's time ({@code last-report}) that cannot be
 * read (a link, a file of 5,000 bytes) counts as none, as a damaged value does: one WARN line naming the file, the
 * start goes on and reports at once, and a full-consent report starts a fresh window and replaces the file. Before,
 * the start stopped on it ("cannot read ...") and, the schedule off, every report failed.
 */
class FeatureWindowFileUnreadableTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        try {
            Files.createDirectories(dataDirectory());
            Files.write(dataDirectory().resolve(FeatureWindow.NAME), new byte[5000]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return with("ceip.consent.default", "full");
    }

    @Test
    void aFullConsentReportStartsAFreshWindowAndReplacesTheFile() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();

            assertThat(server().received()).hasSize(1);
            assertThat(log.all()).containsOnlyOnce(dataDirectory().resolve(FeatureWindow.NAME) + ": 5000 bytes, more"
                    + " than 4096");
        }
        assertThat(Instant.parse(Files.readString(dataDirectory().resolve(FeatureWindow.NAME)).trim()))
                .isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void aStartReportsAtOnceInOneLine() throws Exception {
        Path data = Files.createDirectories(newTempDirectory().resolve("data"));
        Path elsewhere = Files.writeString(newTempDirectory().resolve("elsewhere"), Instant.now() + "\n");
        Files.createSymbolicLink(data.resolve(FeatureWindow.LAST_REPORT), elsewhere);
        Main main = AgentCommand.newMain(Map.of("ceip.consent.default", "off", "ceip.data.directory", data.toString(),
                "ceip.database.url", "jdbc:h2:mem:window-" + System.nanoTime(), "ceip.collector.enabled", "false",
                "ceip.schedule.initial-delay", "3600000", "ceip.dead-letter.replay-enabled", "false"));
        try (LogCapture log = LogCapture.attach()) {
            main.start();
            assertThat(main.getCamelContext().getRouteController().getRouteStatus("ceip-startup-report"))
                    .isEqualTo(ServiceStatus.Started);
            assertThat(log.all()).containsOnlyOnce(data.resolve(FeatureWindow.LAST_REPORT)
                    + ": a symbolic link, not a regular file");
        } finally {
            main.stop();
        }
    }
}
