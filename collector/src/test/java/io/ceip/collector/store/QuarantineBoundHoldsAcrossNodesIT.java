package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.PostgresExtension;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code collector.store.quarantine-max-records} was a bound each node checked by itself (a count, then an insert in
 * another statement): two store nodes quarantining at once with one place left both counted it free and both added
 * their record, one past the bound. Each keep is now one transaction that takes a transaction-level advisory lock
 * before its count, so the bound is exact over every node of the database. On a real PostgreSQL, two nodes (two
 * stores, their own connections) at a bound of 3 holding 2: the database holds each insert (a trigger waiting for a
 * lock the test holds) until both nodes are waiting, then lets them go: one record kept, the other not (the table
 * full), 3 rows (before: both kept, 4 rows).
 */
class QuarantineBoundHoldsAcrossNodesIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    /** The test's own advisory lock, which each quarantine insert takes shared in a trigger. */
    private static final long GATE = 730_001L;

    @Test
    void twoNodesAtTheBoundAtOnceAddOneRecordBetweenThem() throws Exception {
        String url = postgres.database("ceip_quarantine_bound");
        try (ReportStore first = new ReportStore(url, "postgres", "", 2_000, 200);
                ReportStore second = new ReportStore(url, "postgres", "", 2_000, 200);
                Connection test = DriverManager.getConnection(url, "postgres", "");
                Statement statement = test.createStatement()) {
            first.createSchema();
            second.createSchema();
            assertThat(first.quarantine(place(1), null, bytes("one"), null, "java.lang.StackOverflowError", 10, 3))
                    .isTrue();
            assertThat(second.quarantine(place(2), null, bytes("two"), null, "java.lang.StackOverflowError", 10, 3))
                    .isTrue();
            statement.execute("CREATE FUNCTION gate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " PERFORM pg_advisory_xact_lock_shared(" + GATE + "); RETURN NEW; END $$");
            statement.execute("CREATE TRIGGER gate BEFORE INSERT ON ceip_report_quarantine FOR EACH ROW"
                    + " EXECUTE FUNCTION gate()");
            statement.execute("SELECT pg_advisory_lock(" + GATE + ")"); // each insert waits from now on

            CompletableFuture<Boolean> one = keep(first, 3);
            CompletableFuture<Boolean> other = keep(second, 4);
            try {
                Awaitility.await("both nodes waiting in the database").atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(20)).until(() -> waiting(statement) == 2);
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + GATE + ")");
            }
            List<Boolean> kept = List.of(one.get(20, TimeUnit.SECONDS), other.get(20, TimeUnit.SECONDS));

            assertThat(kept).containsExactlyInAnyOrder(true, false);
            assertThat(first.quarantinedInTable()).isEqualTo(3);
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM ceip_report_quarantine"
                    + " WHERE record_offset IN (3, 4)")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1);
            }
        }
    }

    private static CompletableFuture<Boolean> keep(ReportStore node, long offset) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return node.quarantine(place(offset), null, bytes("record " + offset), null,
                        "java.lang.StackOverflowError", 10, 3);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Sessions of this database waiting for an advisory lock (the gate, or the quarantine's own). */
    private static long waiting(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'"
                + " AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Quarantine.Place place(long offset) {
        return new Quarantine.Place("ceip-reports", 0, offset);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
