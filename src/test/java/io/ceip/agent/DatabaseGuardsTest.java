package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.ProductDatabase;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host database is never harmed: one connection for the whole collection, a slow query cancelled at its
 * timeout, a query returning too many rows cut off and marked, and the rest of the report still sent.
 */
class DatabaseGuardsTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.collect.queries-file", "src/test/resources/queries/guards.yaml",
                "ceip.collect.query-timeout", "1",
                "ceip.collect.max-rows", "1000");
    }

    @Test
    void oneConnectionTimeoutsAndRowCapsAndTheRestStillGoes() {
        runReportCycle();

        JsonNode report = parse(server().received().get(0).json());
        assertThat(report.get("partial").asBoolean()).isTrue();
        List<String> failures = new ArrayList<>();
        report.get("failures").forEach(f -> failures.add(f.get("source").asText() + " " + f.get("error").asText()));
        assertThat(failures).containsExactly("query:slow JdbcSQLTimeoutException", "query:many-rows RowLimitExceeded");
        assertThat(report.at("/usage/open-connections").asLong()).as("the collection's only connection").isEqualTo(1);
        assertThat(report.at("/usage/hosts").asLong()).isEqualTo(ProductDatabase.HOSTS);
        assertThat(report.at("/database/vendor").asText()).isEqualTo("h2");
    }
}
