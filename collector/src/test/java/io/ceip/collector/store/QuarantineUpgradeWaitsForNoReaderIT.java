package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.PostgresExtension;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The quarantine table's upgrade (its id, attempts and record time, added when missing) ran its three {@code ALTER
 * TABLE ... ADD COLUMN IF NOT EXISTS} at every node's start and every {@code quarantine list}: each takes PostgreSQL's
 * ACCESS EXCLUSIVE lock before it finds the column there, so a session left open in a transaction after reading the
 * table (an operator's SQL tool looking at poison records) held every start and the tool, without end, and while the
 * ALTER waited every other node's quarantine insert and the fleet view's count queued behind it. The columns are now
 * looked up first: a table already upgraded takes no lock stronger than a read.
 */
class QuarantineUpgradeWaitsForNoReaderIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void anUpgradedTableStartsBesideAnOpenReader() throws Exception {
        String url = postgres.database("ceip_quarantine_reader");
        try (ReportStore store = new ReportStore(url, "postgres", "", 2_000, 200)) {
            store.createSchema(); // made and upgraded
        }
        try (Connection reader = DriverManager.getConnection(url, "postgres", "");
                Statement statement = reader.createStatement()) {
            reader.setAutoCommit(false);
            statement.executeQuery("SELECT COUNT(*) FROM ceip_report_quarantine").close(); // left open

            CompletableFuture<Boolean> start = CompletableFuture.supplyAsync(() -> {
                try (ReportStore store = new ReportStore(url, "postgres", "", 2_000, 200)) {
                    store.createSchema();
                    return store.quarantine(new Quarantine.Place("ceip-reports", 0, 1), null,
                            "{}".getBytes(StandardCharsets.UTF_8), null, "java.lang.StackOverflowError", 10, 1000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                assertThat(start.get(20, TimeUnit.SECONDS)).as("a node's start beside the open reader").isTrue();
            } finally {
                reader.rollback(); // lets a start that waits go on
                start.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
