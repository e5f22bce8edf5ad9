package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.support.AgentTestSupport;

import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default run: the shipped queries on the embedded demo database, read as the reader the agent creates there.
 * Every count is a number, the feature counts have only their declared keys, the owners are pseudonyms.
 */
class ReportCycleOnTheDemoDatabaseTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.database.demo-data", "true",
                "ceip.database.url", "jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "ceip.database.user", "sa",
                "ceip.consent.default", "full");
    }

    @Test
    void theShippedQueriesSendNumbersDeclaredKeysAndPseudonymsOnly() {
        // the first collection seeds the demo data, its events stamped after that report's window: a preview first
        context.getRegistry().lookupByNameAndType("reportPreview", io.ceip.agent.ops.ReportPreview.class).preview();
        runReportCycle();

        JsonNode report = parse(server().received().get(0).json());
        assertThat(report.get("failures").size()).as(report.toString()).isZero();
        assertThat(report.get("usage").toString())
                .isEqualTo("{\"hosts\":12,\"services\":40,\"host-groups\":2,\"service-groups\":3,\"users\":3}");
        assertThat(report.at("/features/counts/ui-actions").toString())
                .isEqualTo("{\"custom-views\":10,\"dashboards\":10,\"reports\":10}");
        JsonNode owners = report.at("/features/counts/dashboards-per-owner");
        assertThat(owners.size()).as("the demo gives every dashboard event to one owner").isEqualTo(1);
        owners.fieldNames().forEachRemaining(owner -> assertThat(owner).matches("p:[0-9a-f]{16}"));
        owners.elements().forEachRemaining(count -> assertThat(count.asLong()).isEqualTo(10));
        assertThat(report.toString()).doesNotContain("admin").doesNotContain("operator").doesNotContain("viewer");
        assertThat(ReportSchema.load(JSON).violations(report)).isEmpty();
    }
}
