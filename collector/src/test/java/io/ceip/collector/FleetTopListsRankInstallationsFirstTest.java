package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.collector.support.FleetFigures;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.SimulatedFleet;
import io.ceip.collector.support.TestCollector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whoever holds a product token can send a valid report with made-up counts; ranked by their sums, one such report
 * (30 new feature names, 30 new fingerprints and 30 new operations at 10¹² each) filled the fleet view's top lists.
 * Ranked by the installations that sent them first, the features, errors and operations two installations sent keep
 * their places.
 */
class FleetTopListsRankInstallationsFirstTest {

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.max-requests-per-second", "0", "collector.fleet.top", "3"));

    @BeforeAll
    static void feed() throws Exception {
        SimulatedFleet.feed(collector);
        StringBuilder features = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        StringBuilder durations = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            features.append(i == 0 ? "" : ",").append("\"forged.").append(i).append("\":1000000000000");
            errors.append(i == 0 ? "" : ",").append('"').append(String.format(Locale.ROOT, "f%015x", i))
                    .append("\":{\"exception\":\"Forged\",\"count\":1000000000000}");
            durations.append(i == 0 ? "" : ",").append("\"forged.op").append(i)
                    .append("\":{\"count\":1000000000000,\"p50\":1,\"p90\":1,\"p99\":1,\"max\":1}");
        }
        String forged = Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "full",
                Reports.PRODUCT, "1.1.0", "Linux", "17.0.15", "H2").replace("\"partial\":", "\"features\":{\"events\":{"
                + features + "}},\"errors\":{" + errors + "},\"durations\":{" + durations + "},\"partial\":");
        assertThat(collector.post(Reports.utf8(forged), true).statusCode()).isEqualTo(202);
    }

    @Test
    void featuresTwoInstallationsUsedKeepTheirPlaces() throws Exception {
        JsonNode use = FleetFigures.json(collector, "feature-use");
        List<String> order = new ArrayList<>();
        use.get("values").fieldNames().forEachRemaining(order::add);

        assertThat(order).hasSize(3).startsWith("dashboards.open", "reports.export");
        assertThat(order.get(2)).as("then the most used of those one installation sent").startsWith("forged.");
        assertThat(use.get("installations").get(order.get(2)).asLong()).isEqualTo(1);
    }

    @Test
    void errorsTwoInstallationsReportedKeepTheirPlaces() throws Exception {
        JsonNode errors = FleetFigures.json(collector, "top-errors").get("values");

        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).get("fingerprint").asText()).isEqualTo("5364321012a19296");
        assertThat(errors.get(0).get("installations").asLong()).isEqualTo(2);
        assertThat(errors.get(1).get("exception").asText()).isEqualTo("Forged");
    }

    @Test
    void operationsTwoInstallationsTimedKeepTheirPlaces() throws Exception {
        JsonNode durations = FleetFigures.json(collector, "operation-durations").get("values");

        assertThat(durations).hasSize(3);
        assertThat(durations.get(0).get("operation").asText()).isEqualTo("deploy");
        assertThat(durations.get(0).get("installations").asLong()).isEqualTo(2);
        assertThat(durations.get(0).get("runs").asLong()).isEqualTo(10);
        assertThat(durations.get(1).get("operation").asText()).as("then the most run of those one installation sent")
                .startsWith("forged.op");
        assertThat(durations.get(1).get("runs").asLong()).isEqualTo(1_000_000_000_000L);
    }
}
