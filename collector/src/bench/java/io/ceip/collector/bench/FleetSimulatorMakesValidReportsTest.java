package io.ceip.collector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.collector.bench.FleetSimulator.Installation;
import io.ceip.collector.bench.FleetSimulator.SimulatedReport;
import io.ceip.collector.validate.ReportValidator;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The simulator's reports are what the collector takes: each valid against the published schema (report-v1), its
 * product one of the bench's tokens; the fleet is varied (every product, version, consent level; full-consent
 * reports carry features, errors and durations, basic ones none) and the same seed makes the same fleet.
 */
class FleetSimulatorMakesValidReportsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyReportIsValidAndTheFleetIsVaried() throws Exception {
        FleetSimulator fleet = new FleetSimulator(500, 42);
        ReportValidator validator = new ReportValidator();
        Set<String> products = new HashSet<>();
        Set<String> versions = new HashSet<>();
        Set<String> consents = new HashSet<>();
        Set<String> ids = new HashSet<>();
        int withErrors = 0;
        for (Installation installation : fleet.installations()) {
            SimulatedReport report = fleet.report(installation, Instant.parse("2026-12-02T10:00:00Z"));
            validator.validate(report.json());
            JsonNode node = JSON.readTree(report.json());
            products.add(node.path("product").path("name").asText());
            versions.add(node.path("product").path("version").asText());
            consents.add(node.path("consentLevel").asText());
            ids.add(report.reportId());
            boolean full = "full".equals(installation.consent());
            assertThat(node.has("features")).isEqualTo(full);
            assertThat(node.has("durations")).isEqualTo(full);
            withErrors += node.path("errors").size() > 0 ? 1 : 0;
            assertThat(report.token()).isEqualTo(installation.product().token());
        }
        assertThat(products).containsExactlyInAnyOrder("Demo Monitoring", "Demo Ticketing", "Demo Billing");
        assertThat(versions).hasSize(4);
        assertThat(consents).containsExactlyInAnyOrder("basic", "full");
        assertThat(ids).hasSize(500);
        assertThat(withErrors).isGreaterThan(50);
        assertThat(new FleetSimulator(500, 42).installations()).extracting(Installation::version)
                .isEqualTo(fleet.installations().stream().map(Installation::version).toList());
    }
}
