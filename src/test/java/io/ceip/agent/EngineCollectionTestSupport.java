package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.ProductDatabase;
import io.ceip.agent.support.ProductEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same demo schema, queries ({@code queries/engine-suite.yaml}) and assertions on every supported engine: the
 * agent connects with an account of its own, reports the normalised vendor and version and the counts, and the host
 * is guarded — one connection for the whole collection, returned before the report is sent; a slow query cancelled
 * by the server at its timeout; a write refused by the read-only transaction; too many rows cut off; a missing
 * table; a password rotated under the agent — each marked by query name and reason while the rest still goes.
 */
abstract class EngineCollectionTestSupport extends AgentTestSupport {

    private static final String ROTATED = "Rotated-Db-Secret-8804";

    private ProductEngine engine;

    /** Starts (or reuses) the engine and seeds a database of this test's own. */
    protected abstract ProductEngine seed();

    protected ProductEngine engine() {
        if (engine == null) {
            engine = seed();
        }
        return engine;
    }

    @Override
    protected Properties overrides() {
        return onEngine(engine(),
                "ceip.consent.default", "full",
                "ceip.collect.queries-file", "src/test/resources/queries/engine-suite.yaml",
                "ceip.collect.query-timeout", "1",
                "ceip.collect.max-rows", "10");
    }

    @Test
    void aCycleIsGuardedOnTheEngineAndTheRestIsSent() {
        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();

            JsonNode report = parse(server().received().get(0).json());
            assertThat(report.at("/database/vendor").asText()).isEqualTo(engine().vendor());
            assertThat(report.at("/database/version").asText()).matches(engine().versionPattern());
            assertThat(report.at("/usage/hosts").asLong()).isEqualTo(ProductDatabase.HOSTS);
            assertThat(report.at("/usage/services").asLong()).isEqualTo(ProductDatabase.SERVICES);
            assertThat(report.at("/usage/users").asLong()).isEqualTo(ProductDatabase.USERS);
            assertThat(report.at("/usage/agent-connections").asLong()).as("the collection's only connection").isEqualTo(1);
            assertThat(report.at("/features/counts/ui-actions/dashboards").asLong())
                    .isEqualTo(ProductDatabase.UI_EVENTS);
            assertThat(report.get("partial").asBoolean()).isTrue();

            List<String> expected = new ArrayList<>(List.of("query:slow timeout"));
            if (engine().enforcesReadOnly()) {
                expected.add("query:next-ticket read-only");
            }
            expected.addAll(List.of("query:events-by-id row-limit", "query:retired-feature undefined-object"));
            assertThat(reasons(report)).containsExactlyElementsOf(expected);

            assertThat(engine().runningStatementsContaining("slow_usage")).as("cancelled on the server").isZero();
            if (engine().enforcesReadOnly()) {
                assertThat(report.at("/usage/next-ticket").isMissingNode()).isTrue();
                assertThat(engine().queryLong("SELECT n FROM next_ticket")).as("the sequence never moved")
                        .isEqualTo(1);
            }
            assertThat(engine().agentSessions()).as("the connection was returned").isZero();
            // the shipped config/inventory.yaml on the same connection: the engine's text, DATE and BOOLEAN types
            assertThat(report.at("/components/installed").toString()).contains(
                    "{\"name\":\"monitoring-core\",\"version\":\"1.0.0\"}",
                    "{\"name\":\"widget/graph\",\"version\":\"2.1.0-beta\"}");
            assertThat(report.at("/components/installed").findValuesAsText("name")).hasSize(3)
                    .filteredOn(name -> name.matches("p:[0-9a-f]{16}")).hasSize(1);
            assertThat(report.at("/licence/type").asText()).isEqualTo("enterprise");
            assertThat(report.at("/licence/validUntil").asText()).isEqualTo("2027-06");
            assertThat(report.at("/licence/unlimited").isBoolean()).isTrue();
            assertThat(report.at("/licence/features").toString()).isEqualTo("{\"connectors\":false,\"dashboards\":true}");
            assertThat(report.at("/licence/engines").size()).isEqualTo(2);
            assertThat(report.toString()).doesNotContain("Customer Name").doesNotContain("engine-1")
                    .doesNotContain("custom-module");
            assertThat(log.all()).contains("usage query 'slow' failed (timeout, ").doesNotContain(ProductEngine.AGENT_PASSWORD);
        }
    }

    @Test
    void aRotatedPasswordGivesPartialReportsAndNeverShowsEitherPassword() {
        runReportCycle();
        engine().changeAgentPassword(ROTATED);
        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();
            runReportCycle();

            assertThat(server().received()).hasSize(3);
            JsonNode report = parse(server().received().get(2).json());
            assertThat(report.get("partial").asBoolean()).isTrue();
            assertThat(report.get("database").isNull()).isTrue();
            assertThat(reasons(report)).containsExactly("database authentication");
            assertThat(report.at("/environment/osName").asText()).as("system info still sent").isNotEmpty();
            assertThat(log.all()).contains("product database unavailable (authentication, ")
                    .doesNotContain(ProductEngine.AGENT_PASSWORD).doesNotContain(ROTATED);
        }
        assertThat(engine().agentSessions()).isZero();
    }

    private static List<String> reasons(JsonNode report) {
        List<String> reasons = new ArrayList<>();
        report.get("failures").forEach(f -> reasons.add(f.get("source").asText() + " " + f.get("reason").asText()));
        return reasons;
    }
}
