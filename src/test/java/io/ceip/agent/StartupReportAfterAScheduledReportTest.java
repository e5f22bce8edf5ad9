package io.ceip.agent;

import io.ceip.agent.report.FeatureWindow;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.ProductDatabase;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up report is decided again when its timer fires: a start that missed a scheduled run reports at once
 * after {@code ceip.schedule.initial-delay} (up to a day), and a scheduled fire (or a sendNow) in between already made
 * the report the start was owed. Before, both were sent: two reports within the delay, at full consent with the same
 * feature window.
 */
class StartupReportAfterAScheduledReportTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.localhost();

    @TempDir
    Path dir;

    private final TestHttpsServer server = TestHttpsServer.start(CERTIFICATES, 0);

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aReportMadeDuringTheInitialDelayIsTheStartupReport() throws Exception {
        Path data = Files.createTempDirectory(dir, "data");
        Files.writeString(data.resolve(FeatureWindow.LAST_REPORT), Instant.now().minus(Duration.ofDays(2)) + "\n");
        Main main = AgentCommand.newMain(Map.of("ceip.data.directory", data.toString(),
                "ceip.database.url", ProductDatabase.seeded().url(), "ceip.collector.enabled", "false",
                "ceip.schedule.initial-delay", "4000", "ceip.dead-letter.replay-enabled", "false",
                "ceip.endpoint.url", server.url(),
                "ceip.endpoint.trust-store", CERTIFICATES.writePem(dir.resolve("trusted.pem")).toString()));
        try (LogCapture log = LogCapture.attach()) {
            main.start();
            NotifyBuilder startupReport = new NotifyBuilder(main.getCamelContext()).fromRoute("ceip-startup-report")
                    .whenDone(1).create();
            try (ProducerTemplate template = main.getCamelContext().createProducerTemplate()) {
                template.sendBody("direct:ceip-report", null); // what a scheduled fire runs
            }
            assertThat(server.received()).hasSize(1);

            assertThat(startupReport.matches(30, TimeUnit.SECONDS)).as("the start-up timer fired").isTrue();
            assertThat(log.all()).as("the start's report was made already").containsOnlyOnce(" collected (")
                    .contains("Start-up report: a report was made since this start");
        } finally {
            main.stop();
        }
    }
}
