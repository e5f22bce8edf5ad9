package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Camel's tracer on ({@code camel.main.tracing=true}, a usual step when debugging a route) logs each step of the
 * intake, the store and the fleet view, but never what a message holds: by Camel's default it logged every
 * request's headers (a product's token and the fleet token, {@code Authorization: Bearer ...}) and the report's
 * JSON at each step.
 */
class CollectorTraceShowsStepsNotValuesTest {

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of("camel.main.tracing", "true"));

    @Test
    void theTraceHoldsTheStepsNotTheTokensNorTheReport() throws Exception {
        String reportId = UUID.randomUUID().toString();
        Level before = LogManager.getRootLogger().getLevel();
        List<String> lines;
        Configurator.setRootLevel(Level.INFO); // the tracer's lines are INFO; the tests' log shows WARN and up
        try (LogLines log = LogLines.capture()) {
            assertThat(collector.post(Reports.utf8(Reports.report(reportId, UUID.randomUUID().toString())), true)
                    .statusCode()).isEqualTo(202);
            assertThat(collector.post(HttpRequest.newBuilder(collector.uri("/v1/fleet/consent-levels.json")).GET()
                    .header("Authorization", "Bearer " + FleetFiguresAsJsonTest.FLEET_TOKEN)).statusCode())
                    .isEqualTo(200);
            lines = log.lines();
        } finally {
            Configurator.setRootLevel(before);
        }

        String logged = String.join("\n", lines);
        assertThat(logged).as("the tracer logged the routes' steps")
                .contains("[ceip-intake ]", "[ceip-store  ]", "[ceip-fleet-j]", "Stored report " + reportId);
        assertThat(logged).doesNotContain(Reports.TOKEN).doesNotContain(FleetFiguresAsJsonTest.FLEET_TOKEN)
                .doesNotContain("Bearer").doesNotContain("\"hosts\"").doesNotContain("schemaVersion");
    }
}
