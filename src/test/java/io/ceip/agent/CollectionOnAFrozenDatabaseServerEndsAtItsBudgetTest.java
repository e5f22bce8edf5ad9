package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FrozenBackend;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Review s18 F1: a PostgreSQL backend that stops answering in the middle of a usage query (SIGSTOP: a backend stuck
 * in I/O, a paused VM, a dropped path) never answers the cancel of the statement timeout either. The connection's
 * network timeout (the statement's timeout plus 5 s) ends the wait: the query fails with reason connection, the
 * rest of the collection fails at once on the broken connection, and the report goes as partial, seconds after the
 * budget rather than never.
 */
class CollectionOnAFrozenDatabaseServerEndsAtItsBudgetTest extends AgentTestSupport {

    private static ProductEngine engine;

    private static ProductEngine engine() {
        if (engine == null) {
            engine = PostgresEngine.seeded();
        }
        return engine;
    }

    @Override
    protected Properties overrides() {
        return onEngine(engine(),
                "ceip.consent.default", "basic",
                "ceip.collect.queries-file", "src/test/resources/queries/frozen-server.yaml",
                "ceip.collect.query-timeout", "2",
                "ceip.collect.budget", "PT5S");
    }

    @Test
    void aFrozenServerFailsTheStuckQueryAndTheReportGoesAsPartial() throws Exception {
        long started = System.nanoTime();
        CompletableFuture<Exchange> cycle = CompletableFuture.supplyAsync(this::runReportCycle);
        try (FrozenBackend frozen = FrozenBackend.freeze(engine().agentUser(), "slow_usage")) {
            // the budget (5 s) and the network timeout's grace (5 s), and time to send the report
            cycle.get(20, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        }

        JsonNode report = parse(server().received().get(0).json());
        assertThat(report.get("partial").asBoolean()).isTrue();
        assertThat(report.at("/usage/hosts").asLong()).isPositive();
        List<String> failures = new ArrayList<>();
        report.get("failures").forEach(f -> failures.add(f.get("source").asText() + " " + f.get("reason").asText()));
        assertThat(failures).startsWith("query:slow connection", "query:services connection");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(engine().agentSessions())
                .as("the resumed backend finds its client gone and ends its transaction").isZero());
    }
}
