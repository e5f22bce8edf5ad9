package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.ProductDatabase;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCycleFullConsentTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        Properties properties = new Properties();
        properties.setProperty("ceip.consent.default", "full");
        return properties;
    }

    @Test
    void fullConsentAddsFeatureUsageOverAWindowThatContinuesFromTheLastReport() {
        runReportCycle();
        database().execute("INSERT INTO ui_event VALUES (100, 'reports', CURRENT_TIMESTAMP)");
        runReportCycle();

        JsonNode first = parse(server().received().get(0).json());
        JsonNode second = parse(server().received().get(1).json());
        assertThat(first.get("consentLevel").asText()).isEqualTo("full");
        assertThat(first.at("/features/counts/ui-actions/dashboards").asLong()).isEqualTo(ProductDatabase.UI_EVENTS);
        assertThat(first.at("/features/from").asText()).isLessThan(first.at("/features/to").asText());
        assertThat(second.at("/features/from").asText()).isEqualTo(first.at("/features/to").asText());
        assertThat(second.at("/features/counts/ui-actions").has("dashboards")).as("outside the new window").isFalse();
        assertThat(second.at("/features/counts/ui-actions/reports").asLong()).isEqualTo(1);
        assertThat(first.at("/usage/hosts").asLong()).isEqualTo(ProductDatabase.HOSTS);

        JsonNode owners = first.at("/features/counts/dashboards-per-owner");
        assertThat(owners.size()).isPositive();
        owners.fieldNames().forEachRemaining(name -> assertThat(name).matches("p:[0-9a-f]{16}"));
        assertThat(first.toString()).doesNotContain("login");

        ReportSchema schema = ReportSchema.load(JSON);
        assertThat(schema.violations(first)).isEmpty();
        assertThat(schema.violations(second)).isEmpty();
    }
}
