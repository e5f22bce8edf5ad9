package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.support.AgentTestSupport;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the schema does not declare never leaves: a query that returns extra columns, counts binned into ranges. */
class ReportCycleAllowlistTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.collect.queries-file", "src/test/resources/queries/extra-columns.yaml",
                "ceip.redaction.bin-counts", "true");
    }

    @Test
    void undeclaredValuesAreDroppedAndCountedAndCountsAreBinned() {
        runReportCycle();

        String json = server().received().get(0).json();
        JsonNode report = parse(json);
        assertThat(report.at("/usage").has("user-details")).isFalse();
        assertThat(json).doesNotContain("someone@example.org").doesNotContain("LOGIN");
        assertThat(report.at("/redaction/droppedFields").asInt()).isEqualTo(1);
        assertThat(report.at("/usage/hosts").asText()).isEqualTo("6-10");
        assertThat(report.at("/usage/services").asText()).isEqualTo("11-25");
        assertThat(ReportSchema.load(JSON).violations(report)).isEmpty();
    }
}
