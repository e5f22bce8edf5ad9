package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.events.EventSpool;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A JMX {@code sendNow} while another report is being collected (the start-up or a scheduled one, here held in its
 * usage query by a table lock) waits for that report's commit: the two reports carry the events counted once and
 * feature windows that follow each other. Before, both sealed the events' window and read the same feature window, so
 * the collector counted the events twice.
 */
class TwoReportsAtOnceCarryTheWindowOnceTest extends AgentTestSupport {

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
                "ceip.consent.default", "full",
                "ceip.collect.queries-file", "src/test/resources/queries/locked-table.yaml",
                "ceip.events.poll-interval", "100");
    }

    @Test
    void aSendNowDuringACollectionWaitsForItsCommit() throws Exception {
        EventSpool spool = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        Path spoolDirectory = Files.createDirectories(dataDirectory().resolve("events"));
        Path written = Files.writeString(spoolDirectory.resolve(".product.jsonl.tmp"),
                "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n".repeat(3));
        Files.move(written, spoolDirectory.resolve("product.jsonl"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(20)).until(() -> spool.accepted() == 3);

        CompletableFuture<Exchange> scheduled;
        CompletableFuture<String> sendNow;
        try (LogCapture log = LogCapture.attach();
                Connection admin = DriverManager.getConnection(engine().url(), engine().adminUser(),
                        engine().adminPassword())) {
            admin.setAutoCommit(false);
            try (Statement lock = admin.createStatement()) {
                lock.execute("LOCK TABLE host IN ACCESS EXCLUSIVE MODE");
            }
            scheduled = CompletableFuture.supplyAsync(this::runReportCycle);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> engine().runningStatementsContaining("FROM host") == 1);
            sendNow = CompletableFuture.supplyAsync(() -> management().sendNow());
            // the second report waits for the first (without the turn: it too would wait for the lock, in its query)
            await().atMost(Duration.ofSeconds(20)).until(() -> log.all().contains("one report is collected at a time")
                    || engine().runningStatementsContaining("FROM host") == 2);
            admin.rollback();
        }
        Exchange first = scheduled.get(30, TimeUnit.SECONDS);
        assertThat(sendNow.get(30, TimeUnit.SECONDS)).startsWith("Report ").endsWith(" delivered");
        assertThat(first.getException()).isNull();

        List<JsonNode> reports = server().received().stream().map(r -> parse(r.json()))
                .sorted((a, b) -> a.get("generatedAt").asText().compareTo(b.get("generatedAt").asText())).toList();
        assertThat(reports).hasSize(2);
        assertThat(reports.stream().mapToLong(r -> r.at("/features/events/dashboards.open").asLong()).sum())
                .as("the events counted once across the two reports").isEqualTo(3);
        Instant firstEnds = Instant.parse(reports.get(0).at("/features/to").asText());
        assertThat(Instant.parse(reports.get(1).at("/features/from").asText()))
                .as("the second window starts where the first ended").isEqualTo(firstEnds);
        assertThat(reports).allSatisfy(r -> assertThat(r.at("/usage/hosts").asLong()).isPositive());
    }
}
