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
 * (30 new feature names and 30 new fingerprints at 10¹² each) filled the fleet view's top lists. Ranked by the
 * installations that sent them first, the features and errors two installations sent keep their places.
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
        for (int i = 0; i < 30; i++) {
            features.append(i == 0 ? "" : ",").append("\"forged.").append(i).append("\":1000000000000");
            errors.append(i == 0 ? "" : ",").append('"').append(String.format(Locale.ROOT, "f%015x", i))
                    .append("\":{\"exception\":\"Forged\",\"count\":1000000000000}");
        }
        String forged = Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "full",
                Reports.PRODUCT, "1.1.0", "Linux", "17.0.15", "H2").replace("\"partial\":", "\"features\":{\"events\":{"
                + features + "}},\"errors\":{" + errors + "},\"partial\":");
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
}
