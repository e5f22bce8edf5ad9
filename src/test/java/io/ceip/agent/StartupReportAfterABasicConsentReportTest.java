package io.ceip.agent;

import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.ProductDatabase;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A report at basic consent (the default) counts as the last report when the next start decides on its start-up
 * report: before, only the feature window told when the last report was, and it is kept at full consent only, so at
 * basic every restart (an update, a crash loop) sent a report of its own.
 */
class StartupReportAfterABasicConsentReportTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.localhost();

    @TempDir
    Path dir;

    private final TestHttpsServer server = TestHttpsServer.start(CERTIFICATES, 0);

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aRestartAfterTheStartupReportAtBasicConsentSendsNothingAtOnce() throws Exception {
        Main first = agent("0");
        try {
            first.start();
            assertThat(status(first)).as("no report yet: one at start").isEqualTo(ServiceStatus.Started);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.received().size() == 1);
        } finally {
            first.stop();
        }

        Main second = agent("3600000");
        try (LogCapture log = LogCapture.attach()) {
            second.start();
            assertThat(status(second)).as("the report of the first start is today's").isEqualTo(ServiceStatus.Stopped);
            assertThat(log.all()).as("last-report is the agent's own file").doesNotContain("of another program");
        } finally {
            second.stop();
        }
        assertThat(server.received()).hasSize(1);
    }

    private Main agent(String initialDelay) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("ceip.consent.default", "basic",
                "ceip.data.directory", dir.resolve("data").toString(),
                "ceip.database.url", ProductDatabase.seeded().url(), "ceip.collector.enabled", "false",
                "ceip.schedule.initial-delay", initialDelay, "ceip.dead-letter.replay-enabled", "false",
                "ceip.endpoint.url", server.url(),
                "ceip.endpoint.trust-store", CERTIFICATES.writePem(dir.resolve("trusted.pem")).toString()));
        return AgentCommand.newMain(settings);
    }

    private static ServiceStatus status(Main main) {
        return main.getCamelContext().getRouteController().getRouteStatus("ceip-startup-report");
    }
}
