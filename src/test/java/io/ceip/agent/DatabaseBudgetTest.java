package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once the whole-collection budget is spent, no further query starts (the inventory's, config/inventory.yaml, neither);
 * the report still goes.
 */
class DatabaseBudgetTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.collect.queries-file", "src/test/resources/queries/guards.yaml",
                "ceip.collect.query-timeout", "1",
                "ceip.collect.budget", "PT1S");
    }

    @Test
    void queriesAfterTheBudgetAreNotStarted() {
        runReportCycle();

        JsonNode report = parse(server().received().get(0).json());
        List<String> failures = new ArrayList<>();
        report.get("failures").forEach(f -> failures.add(f.get("source").asText() + " " + f.get("error").asText()));
        assertThat(failures).containsExactly("query:slow JdbcSQLTimeoutException",
                "query:many-rows CollectionBudgetExceededException", "query:open-connections CollectionBudgetExceededException",
                "query:hosts CollectionBudgetExceededException", "components CollectionBudgetExceededException");
        assertThat(report.at("/environment/processors").asInt()).isPositive();
    }
}
