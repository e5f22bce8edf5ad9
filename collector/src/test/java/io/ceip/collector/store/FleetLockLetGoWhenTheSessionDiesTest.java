package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.Reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On H2 the fleet lock is a lock of the JVM, released by the report's code once its transaction ended: a report whose
 * H2 session is closed under it (ABORT_SESSION, as a database closed after a failed write does) while it holds the
 * lock shared could not roll back, and the lock stayed held for ever: the next upkeep waited for it for ever, and
 * every report after it waited behind the upkeep (the node's store stopped). The lock is let go whatever the ending.
 */
class FleetLockLetGoWhenTheSessionDiesTest {

    @TempDir
    Path dir;

    @Test
    void aReportWhoseSessionIsAbortedWhileItHoldsTheLockLetsTheUpkeepAndTheNextReportsRun() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";LOCK_TIMEOUT=5000";
        Instant now = Instant.now();
        String installation = UUID.randomUUID().toString();
        ExecutorService threads = Executors.newCachedThreadPool(run -> {
            Thread thread = new Thread(run);
            thread.setDaemon(true); // a thread left waiting on a leaked lock must not hold the test JVM
            return thread;
        });
        try (ReportStore store = new ReportStore(url, "ceip", "", 2_000, 200);
                Connection blocker = DriverManager.getConnection(url, "ceip", "");
                Statement statement = blocker.createStatement()) {
            store.createSchema();
            store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)),
                    now.toEpochMilli());
            blocker.setAutoCommit(false);
            statement.executeQuery("SELECT * FROM ceip_installation WHERE installation_id = '" + installation
                    + "' FOR UPDATE").close();

            CompletableFuture<Object> report = CompletableFuture.supplyAsync(() -> {
                try {
                    return store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)),
                            now.toEpochMilli());
                } catch (Exception | Error e) {
                    return e;
                }
            }, threads);
            int[] waiting = new int[1];
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (ResultSet rows = statement.executeQuery("SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS"
                        + " WHERE BLOCKER_ID = SESSION_ID()")) {
                    if (!rows.next()) {
                        return false;
                    }
                    waiting[0] = rows.getInt(1);
                    return true;
                }
            });
            statement.execute("CALL ABORT_SESSION(" + waiting[0] + ")");
            assertThat(report.get(30, TimeUnit.SECONDS)).as("the report whose session was aborted")
                    .isInstanceOf(Exception.class);
            blocker.rollback();

            CompletableFuture<String> upkeep = CompletableFuture.supplyAsync(() -> {
                try {
                    return store.maintain(now, now.minus(400, ChronoUnit.DAYS));
                } catch (Exception e) {
                    return e.toString();
                }
            }, threads);
            assertThat(upkeep.get(20, TimeUnit.SECONDS)).as("the upkeep after it").isNotNull();
            CompletableFuture<Object> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return store.store(Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation)),
                            now.toEpochMilli());
                } catch (Exception e) {
                    return e;
                }
            }, threads);
            assertThat(next.get(20, TimeUnit.SECONDS)).isEqualTo(ReportStore.Outcome.STORED);
        } finally {
            threads.shutdownNow();
        }
    }
}
