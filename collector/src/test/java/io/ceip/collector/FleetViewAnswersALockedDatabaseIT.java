package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.Postgres;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The fleet view's queries end after {@code collector.fleet.query-timeout-seconds}: a database that holds them (a
 * table locked by the upkeep's partition drop, an administrator's {@code LOCK TABLE}, a slow plan) answers the page
 * and each JSON figure 503 {@code fleet figures took too long, retry later} with {@code Retry-After}, and the query is
 * cancelled in the database, not left waiting. Before: the request waited for the lock as long as it was held (past
 * the client's 30 s here), holding its worker thread and its connection.
 */
class FleetViewAnswersALockedDatabaseIT {

    private static final String FLEET_TOKEN = "ceip-fleet-demo-token-0123";

    @Test
    void aLockedTableIsAnswered503WithinTheTimeoutAndTheQueryCancelled() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))),
                "fleet-locked");
        try (Postgres postgres = Postgres.start()) {
            String url = postgres.database("ceip");
            try (TestCollector node = TestCollector.start(dir, Map.of("collector.store.jdbc-url", url,
                    "collector.store.user", "postgres", "collector.intake.max-requests-per-second", "0",
                    "collector.fleet.query-timeout-seconds", "2"));
                    Connection admin = DriverManager.getConnection(url, "postgres", "")) {
                assertThat(node.post(Reports.utf8(Reports.any()), true).statusCode()).isEqualTo(202);
                assertThat(get(node, "/v1/fleet/operating-systems.json").statusCode()).isEqualTo(200);
                admin.setAutoCommit(false);
                try (Statement lock = admin.createStatement()) {
                    lock.execute("LOCK TABLE ceip_installation IN ACCESS EXCLUSIVE MODE"); // what the figures read
                }

                try (LogLines log = LogLines.capture()) {
                    for (String path : new String[] {"/v1/fleet/operating-systems.json", "/fleet"}) {
                        long start = System.nanoTime();
                        HttpResponse<String> answer = get(node, path);
                        long millis = (System.nanoTime() - start) / 1_000_000;

                        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(503);
                        assertThat(answer.body()).isEqualTo("fleet figures took too long, retry later");
                        assertThat(answer.headers().firstValue("Retry-After")).hasValue("30");
                        assertThat(millis).as(path + " ms").isBetween(1_900L, 10_000L);
                    }
                    assertThat(log.intake()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith(
                            "INFO ceip.intake - refused with HTTP 503: fleet figures took too long, retry later"));
                    assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR") || line.contains(" | "));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> waitingForALock(url) == 0);
                admin.rollback();
                assertThat(get(node, "/v1/fleet/operating-systems.json").statusCode()).isEqualTo(200);
                node.assertStillAcceptsReports();
            }
        }
    }

    private static HttpResponse<String> get(TestCollector node, String path) throws Exception {
        return node.post(HttpRequest.newBuilder(node.uri(path)).header("Authorization", "Bearer " + FLEET_TOKEN).GET());
    }

    private static long waitingForALock(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = 'ceip'"
                        + " AND wait_event_type = 'Lock'")) {
            r.next();
            return r.getLong(1);
        }
    }
}
