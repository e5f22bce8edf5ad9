package io.ceip.agent.schedule;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.support.FrozenBackend;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster's shared database on a real PostgreSQL that does not answer: a lock held on Quartz's lock table (the
 * scheduler's start used to wait for it for ever, silently) and a server frozen mid-statement (an untimed socket read
 * before). Every wait ends, and the job store's outage is said in one WARN line naming the setting, its end in one
 * INFO line.
 */
class ClusterDatabaseLockedOrFrozenEndsEveryWaitTest {

    @Test
    void aSchedulerStartingOnALockedLockTableStartsSaysSoAndCarriesOnWhenTheLockGoes() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        ClusterDatabase shared = new ClusterDatabase(new DriverManagerDataSource(engine.url() + "?password=secret1",
                engine.adminUser(), engine.adminPassword(), 5), engine.url() + "?password=secret1",
                Duration.ofSeconds(1));
        Properties properties = new Properties();
        properties.putAll(QuartzCluster.prepare(shared, "node-locked", Duration.ofSeconds(1)));
        properties.put("org.quartz.scheduler.instanceName", "locked-" + System.nanoTime());
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        try (LogCapture log = LogCapture.attach(); Connection holder = engine.admin()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE ceip_qrtz_locks IN ACCESS EXCLUSIVE MODE");
            }

            CompletableFuture<Void> start = CompletableFuture.runAsync(() -> {
                try {
                    scheduler.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(start::isDone);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.shown().contains("ClusterOutage"));
            assertThat(log.shown()).contains("ClusterOutage Cluster database " + engine.url()
                    + " (ceip.cluster.database.url) does not answer: the job store's check-in failed (PSQLException, SQLSTATE"
                    + " 55P03)")
                    .doesNotContain("secret1");

            // more check-ins fail meanwhile: said once
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> !log.shown().contains("answers again"));
            holder.rollback();
            await().atMost(Duration.ofSeconds(20)).until(() -> log.shown().contains("answers again"));
            assertThat(log.shown().lines().filter(line -> line.startsWith("io.ceip.agent.schedule.ClusterOutage")))
                    .as("one line for the outage, one for its end").hasSize(2);
        } finally {
            scheduler.shutdown();
        }
    }

    /**
     * The query's own time is measured (from its execute to its failure), not the test's: at least the wait limit plus
     * the network grace (the client gave up, not the server), and far below the statement's 60 s (review s20 cluster
     * L4: a 15 s wall-clock bound around the whole test was thin on a loaded machine).
     */
    @Test
    void aServerFrozenMidStatementIsGivenUpAfterTheWaitLimitAndTheNetworkGrace() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        ClusterDatabase shared = new ClusterDatabase(new DriverManagerDataSource(engine.url(), engine.agentUser(),
                ProductEngine.AGENT_PASSWORD, 5), engine.url(), Duration.ofSeconds(2));
        AtomicReference<Duration> queried = new AtomicReference<>();
        CompletableFuture<SQLException> query = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = shared.getConnection(); Statement statement = connection.createStatement()) {
                long started = System.nanoTime();
                try {
                    statement.execute("SELECT pg_sleep(60) AS frozen_probe");
                    return null;
                } finally {
                    queried.set(Duration.ofNanos(System.nanoTime() - started));
                }
            } catch (SQLException e) {
                return e;
            }
        });
        try (FrozenBackend frozen = FrozenBackend.freeze(engine.agentUser(), "frozen_probe")) {
            await().atMost(Duration.ofSeconds(45)).until(query::isDone);
        }
        assertThat((Object) query.get()).isNotNull();
        assertThat(query.get().getSQLState()).as("a connection error, not the server's cancel").startsWith("08");
        assertThat(queried.get()).as("the wait limit (2 s) plus the network grace (5 s), then given up")
                .isGreaterThanOrEqualTo(Duration.ofMillis(6900)).isLessThan(Duration.ofSeconds(30));
    }
}
