package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.PostgresProductDatabase;
import io.ceip.agent.support.ProductDatabase;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same report on a real PostgreSQL engine: counts, the normalised vendor and version, a query cancelled by the
 * server at its timeout (seen in pg_stat_activity), a write refused by the read-only connection, the rest sent.
 */
class PostgresCollectionTest extends AgentTestSupport {

    private PostgresProductDatabase postgres;

    @Override
    protected Properties overrides() {
        postgres = PostgresProductDatabase.seeded();
        return with("ceip.database.url", postgres.url(),
                "ceip.database.user", postgres.user(),
                "ceip.database.password", "",
                "ceip.consent.default", "full",
                "ceip.collect.queries-file", "src/test/resources/queries/postgres-guards.yaml",
                "ceip.collect.query-timeout", "1");
    }

    @Test
    void aFullCycleOnPostgresqlIsGuardedAndStillSent() {
        runReportCycle();

        JsonNode report = parse(server().received().get(0).json());
        assertThat(report.at("/database/vendor").asText()).isEqualTo("postgresql");
        assertThat(report.at("/database/version").asText()).matches("17\\.\\d+");
        assertThat(report.at("/usage/hosts").asLong()).isEqualTo(ProductDatabase.HOSTS);
        assertThat(report.at("/usage/users").asLong()).isEqualTo(ProductDatabase.USERS);
        assertThat(report.at("/features/counts/ui-actions/dashboards").asLong()).isEqualTo(ProductDatabase.UI_EVENTS);
        List<String> failures = new ArrayList<>();
        report.get("failures").forEach(f -> failures.add(f.get("source").asText() + " " + f.get("error").asText()));
        assertThat(failures).containsExactly("query:slow PSQLException", "query:next-ticket PSQLException");
        assertThat(postgres.activeStatementsContaining("pg_sleep(5)")).as("cancelled on the server").isZero();
        assertThat(postgres.queryLong("SELECT last_value FROM ticket_seq")).as("nothing written").isEqualTo(1);
        assertThat(postgres.queryLong("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid()")).as("the connection was returned").isZero();
    }
}
