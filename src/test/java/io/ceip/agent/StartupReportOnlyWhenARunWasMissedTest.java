package io.ceip.agent;

import io.ceip.agent.report.FeatureWindow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start reports at once (the start-up report route runs) when this installation made no report yet or the daily
 * run after its last report has passed; a restart within the day does not (every restart sent a report).
 */
class StartupReportOnlyWhenARunWasMissedTest {

    @TempDir
    Path dir;

    @Test
    void aRestartWithinTheDaySendsNothingAtOnce() throws Exception {
        assertThat(startupReportAfter(Instant.now().toString())).isEqualTo(ServiceStatus.Stopped);
    }

    @Test
    void aFirstStartOrAMissedRunSendsAtOnce() throws Exception {
        assertThat(startupReportAfter(null)).isEqualTo(ServiceStatus.Started);
        assertThat(startupReportAfter(Instant.now().minus(Duration.ofDays(2)).toString()))
                .isEqualTo(ServiceStatus.Started);
    }

    /** The start-up report route's status after a start whose last report was at {@code lastReport} (null: none). */
    private ServiceStatus startupReportAfter(String lastReport) throws Exception {
        Path data = Files.createTempDirectory(dir, "data");
        if (lastReport != null) {
            Files.writeString(data.resolve(FeatureWindow.NAME), lastReport + "\n");
        }
        Main main = AgentCommand.newMain(Map.of("ceip.consent.default", "off", "ceip.data.directory", data.toString(),
                "ceip.database.url", "jdbc:h2:mem:startup-" + System.nanoTime(), "ceip.collector.enabled", "false",
                "ceip.schedule.initial-delay", "3600000", "ceip.dead-letter.replay-enabled", "false"));
        try {
            main.start();
            return main.getCamelContext().getRouteController().getRouteStatus("ceip-startup-report");
        } finally {
            main.stop();
        }
    }
}
