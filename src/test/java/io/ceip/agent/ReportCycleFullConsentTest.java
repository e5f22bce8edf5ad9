package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.ProductDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReportCycleFullConsentTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full");
    }

    @Test
    void fullConsentAddsFeatureUsageOverAWindowThatContinuesFromTheLastReport() {
        runReportCycle();
        JsonNode first = parse(server().received().get(0).json());
        Instant eventTime = Instant.parse(first.at("/features/to").asText()).plusMillis(1);
        database().insertEvent(100, "reports", eventTime);
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(eventTime.plusMillis(5)));
        runReportCycle();

        JsonNode second = parse(server().received().get(1).json());
        assertThat(first.get("consentLevel").asText()).isEqualTo("full");
        assertThat(first.at("/features/counts/ui-actions/dashboards").asLong()).isEqualTo(ProductDatabase.UI_EVENTS);
        assertThat(first.at("/features/from").asText()).isLessThan(first.at("/features/to").asText());
        assertThat(second.at("/features/from").asText()).isEqualTo(first.at("/features/to").asText());
        assertThat(second.at("/features/counts/ui-actions").has("dashboards")).as("outside the new window").isFalse();
        assertThat(second.at("/features/counts/ui-actions/reports").asLong()).as(second.toString()).isEqualTo(1);
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
