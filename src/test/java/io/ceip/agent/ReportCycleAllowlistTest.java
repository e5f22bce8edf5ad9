package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.support.AgentTestSupport;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What may not leave never leaves: a query that returns a row of text (a login and an e-mail) instead of a number
 * fails at collection by the typed rule — reported by reason, its values nowhere — and counts are binned into ranges
 * (the usage counts and the components' counts alike).
 */
class ReportCycleAllowlistTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.collect.queries-file", "src/test/resources/queries/extra-columns.yaml",
                "ceip.redaction.bin-counts", "true");
    }

    @Test
    void aRowOfTextFailsItsQueryAndCountsAreBinned() {
        runReportCycle();

        String json = server().received().get(0).json();
        JsonNode report = parse(json);
        assertThat(report.at("/usage").has("user-details")).isFalse();
        assertThat(json).doesNotContain("someone@example.org").doesNotContain("LOGIN");
        // before the typed rule the schema allowlist dropped this row (droppedFields 1); now it never reaches it
        assertThat(report.at("/redaction/droppedFields").asInt()).isZero();
        assertThat(report.get("partial").asBoolean()).isTrue();
        assertThat(report.get("failures").toString())
                .isEqualTo("[{\"source\":\"query:user-details\",\"error\":\"UndeclaredKey\",\"reason\":\"undeclared-key\"}]");
        assertThat(report.at("/usage/hosts").asText()).isEqualTo("6-10");
        assertThat(report.at("/usage/services").asText()).isEqualTo("11-25");
        assertThat(report.at("/components/installed")).as("names and versions are not counts").hasSize(3);
        assertThat(report.get("components").toString()).as("the components' counts, binned: the range \"0\", a string")
                .endsWith("\"other\":\"0\",\"dropped\":\"0\",\"overflow\":\"0\"}");
        assertThat(ReportSchema.load(JSON).violations(report)).isEmpty();
    }
}
