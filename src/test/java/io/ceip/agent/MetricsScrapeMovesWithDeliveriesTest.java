package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.ManagementServer;
import io.ceip.agent.support.TestHttpsServer.Received;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.junit.jupiter.api.Test;

import static io.ceip.agent.support.ManagementServer.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The agent started with Camel's management server and metrics on (camel.management.enabled,
 * camel.management.port, camel.metrics.enabled), scraped over real HTTP at /observe/metrics while it delivers to a
 * real HTTPS server: every ceip_* meter moves with what happens (202, then a 400, then 503s, then a torn entry),
 * no label carries a URL, a report ID or a host, and the server listens on loopback only.
 */
class MetricsScrapeMovesWithDeliveriesTest extends AgentTestSupport {

    // made in overrides(): CamelTestSupport asks for the properties from its constructor, before field initialisers
    private ManagementServer management;

    @Override
    protected Properties overrides() {
        management = new ManagementServer(FreePort.next());
        return management.settings(true);
    }

    @Test
    void everyMeterMovesWithDeliveriesFailuresAndTheStore() throws Exception {
        String before = management.scrape();
        assertThat(value(before, "ceip_reports_delivered_total{destination=\"vendor\"}")).isZero();
        assertThat(value(before, "ceip_reports_failed_total{destination=\"vendor\"}")).isZero();
        assertThat(value(before, "ceip_reports_rejected_total{destination=\"vendor\"}")).isZero();
        assertThat(value(before, "ceip_retries_total{destination=\"vendor\"}")).isZero();
        assertThat(value(before, "ceip_dead_letter_entries{destination=\"vendor\",state=\"pending\"}")).isZero();
        assertThat(value(before, "ceip_dead_letter_entries{destination=\"vendor\",state=\"rejected\"}")).isZero();
        assertThat(value(before, "ceip_dead_letter_bytes{destination=\"vendor\"}")).isZero();
        assertThat(value(before, "ceip_quarantined_entries{destination=\"vendor\"}")).isZero();
        assertThat(value(before, "ceip_last_success_timestamp_seconds{destination=\"vendor\"}")).as("none yet").isZero();
        assertThat(value(before, "ceip_last_collection_duration_seconds")).as("none yet").isNaN();
        assertThat(value(before, "ceip_last_report_size_bytes")).as("none yet").isNaN();

        // delivered
        Instant start = Instant.now();
        server().reply(Reply.status(202));
        runReportCycle();
        String delivered = management.scrape();
        Received first = server().received().get(0);
        assertThat(value(delivered, "ceip_reports_delivered_total{destination=\"vendor\"}")).isEqualTo(1);
        assertThat(value(delivered, "ceip_last_success_timestamp_seconds{destination=\"vendor\"}"))
                .isBetween(start.getEpochSecond() - 1.0, Instant.now().getEpochSecond() + 1.0);
        assertThat(value(delivered, "ceip_last_collection_duration_seconds")).isNotNaN().isNotNegative()
                .isLessThan(Duration.between(start, Instant.now()).toMillis() / 1000.0 + 0.001);
        assertThat(value(delivered, "ceip_last_report_size_bytes")).isEqualTo(first.rawBody().length);
        assertThat(value(delivered, "ceip_reports_failed_total{destination=\"vendor\"}")).isZero();

        // rejected (400): kept as rejected, not retried
        server().reply(Reply.status(400, "unknown product"));
        runReportCycle();
        Received second = server().received().get(1);
        String rejected = management.scrape();
        assertThat(value(rejected, "ceip_reports_rejected_total{destination=\"vendor\"}")).isEqualTo(1);
        assertThat(value(rejected, "ceip_retries_total{destination=\"vendor\"}")).isZero();
        assertThat(value(rejected, "ceip_last_report_size_bytes")).isEqualTo(second.rawBody().length);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String now = management.scrape();
            assertThat(value(now, "ceip_dead_letter_entries{destination=\"vendor\",state=\"rejected\"}")).isEqualTo(1);
            assertThat(value(now, "ceip_dead_letter_bytes{destination=\"vendor\"}")).isEqualTo(second.rawBody().length);
        });

        // failed (503 on every attempt): three retries, then kept pending
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        assertThat(server().received()).hasSize(6);
        Received third = server().received().get(2);
        String failed = management.scrape();
        assertThat(value(failed, "ceip_reports_failed_total{destination=\"vendor\"}")).isEqualTo(1);
        assertThat(value(failed, "ceip_retries_total{destination=\"vendor\"}")).isEqualTo(3);
        assertThat(value(failed, "ceip_reports_delivered_total{destination=\"vendor\"}")).isEqualTo(1);
        assertThat(value(failed, "ceip_reports_rejected_total{destination=\"vendor\"}")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String now = management.scrape();
            assertThat(value(now, "ceip_dead_letter_entries{destination=\"vendor\",state=\"pending\"}")).isEqualTo(1);
            assertThat(value(now, "ceip_dead_letter_entries{destination=\"vendor\",state=\"rejected\"}")).isEqualTo(1);
            assertThat(value(now, "ceip_dead_letter_bytes{destination=\"vendor\"}"))
                    .isEqualTo(second.rawBody().length + third.rawBody().length);
        });

        // the pending entry's metadata torn while the agent runs: skipped, counted as quarantined, never sent
        String pendingId = deadLetters().entries().stream().filter(e -> DeadLetter.PENDING.equals(e.state()))
                .findFirst().orElseThrow().reportId();
        Files.writeString(dataDirectory().resolve("dead-letter").resolve(pendingId + ".meta.json"), "{torn");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String now = management.scrape();
            assertThat(value(now, "ceip_quarantined_entries{destination=\"vendor\"}")).isEqualTo(1);
            assertThat(value(now, "ceip_dead_letter_entries{destination=\"vendor\",state=\"pending\"}")).isZero();
        });

        String last = management.scrape();
        assertThat(last).as("Prometheus text: the agent's meters have HELP and TYPE lines")
                .contains("# TYPE ceip_reports_delivered_total counter", "# TYPE ceip_dead_letter_entries gauge");
        List<String> secrets = List.of(server().url(), "localhost:" + server().port(), ":" + server().port(),
                "https://", first.header("Idempotency-Key"), second.header("Idempotency-Key"), pendingId,
                dataDirectory().toString(), "unknown product");
        for (String secret : secrets) {
            assertThat(last).as("no label or value carries " + secret).doesNotContain(secret);
        }
    }

    @Test
    void theManagementServerListensOnLoopbackOnly() throws Exception {
        assertThat(management.scrape()).contains("ceip_reports_delivered_total{destination=\"vendor\"}");
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        assertThat(server).as("Camel's management server runs").isNotNull();
        assertThat(server.getHost()).as("camel.management.host by default").isEqualTo("127.0.0.1");
        assertThat(server.getPort()).isEqualTo(management.port());

        assertNotReachableBeyondLoopback(management.port());
    }

    @Test
    void onlyTheHealthAndMetricsConsolesAreServed() {
        for (String path : List.of("/observe/info", "/q/dev", "/observe/jolokia", "/q/send/", "/q/upload/x",
                "/observe/dev")) {
            assertThat(management.get(path).status()).as(path).isEqualTo(404);
        }
        assertThat(management.get("/observe/health").status()).isEqualTo(200);
    }
}
