package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.Tarpit;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s23 F1: H2 over TCP ({@code jdbc:h2:tcp:}, and {@code AUTO_SERVER=TRUE} when the product holds the file)
 * takes neither the login timeout nor a network timeout set on the connection: a server that accepts the connection
 * and never answers (a paused product JVM, a dropped path) held the collection, and the schedule's thread, for ever.
 * The agent now opens every H2 connection with H2's own socket read timeout (NETWORK_TIMEOUT: the query timeout plus
 * the grace): the database fails with reason connection and the report goes as partial.
 */
class CollectionOnAnH2ServerThatNeverAnswersEndsTest extends AgentTestSupport {

    private static Tarpit tarpit;

    private static Tarpit tarpit() {
        if (tarpit == null) {
            tarpit = new Tarpit();
        }
        return tarpit;
    }

    @AfterAll
    static void closeTarpit() throws IOException {
        tarpit.close();
    }

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "basic",
                "ceip.database.demo-data", "false",
                "ceip.database.url", "jdbc:h2:tcp://127.0.0.1:" + tarpit().port() + "/product",
                "ceip.database.login-timeout", "PT1S",
                "ceip.collect.query-timeout", "1",
                "ceip.collect.budget", "PT2S");
    }

    @Test
    void aServerThatNeverAnswersFailsTheDatabaseAndTheReportGoesAsPartial() throws Exception {
        long started = System.nanoTime();
        CompletableFuture<Exchange> cycle = CompletableFuture.supplyAsync(this::runReportCycle);

        // the query timeout (1 s) and the grace (5 s), and time to send the report
        cycle.get(20, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));

        JsonNode report = parse(server().received().get(0).json());
        assertThat(report.get("partial").asBoolean()).isTrue();
        assertThat(report.get("database").isNull()).isTrue();
        assertThat(report.get("failures")).singleElement().satisfies(failure -> {
            assertThat(failure.get("source").asText()).isEqualTo("database");
            assertThat(failure.get("reason").asText()).isEqualTo("connection");
        });
    }
}
