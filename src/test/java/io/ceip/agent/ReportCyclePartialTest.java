package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.ProductDatabase;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCyclePartialTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.collect.queries-file", "src/test/resources/queries/one-failing-query.yaml");
    }

    @Test
    void aFailingQueryMarksTheReportPartialAndTheRestStillArrives() {
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        String json = server().received().get(0).json();
        JsonNode report = parse(json);
        assertThat(report.get("partial").asBoolean()).isTrue();
        assertThat(report.at("/usage/hosts").asLong()).isEqualTo(ProductDatabase.HOSTS);
        assertThat(report.at("/usage/users").asLong()).isEqualTo(ProductDatabase.USERS);
        assertThat(report.at("/usage").has("licenses")).isFalse();
        assertThat(report.get("failures")).singleElement().satisfies(failure -> {
            assertThat(failure.get("source").asText()).isEqualTo("query:licenses");
            assertThat(failure.get("error").asText()).isEqualTo("JdbcSQLSyntaxErrorException");
        });
        assertThat(json).doesNotContain("license_table_that_does_not_exist").doesNotContain("jdbc:");
    }
}
