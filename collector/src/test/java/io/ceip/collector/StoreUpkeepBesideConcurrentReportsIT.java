package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.ReportStore;
import io.ceip.collector.support.EventRowsFigures;
import io.ceip.collector.support.PostgresExtension;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.ReportsTableFigures;
import io.ceip.collector.support.SqlRows;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daily upkeep on a real PostgreSQL while eight writers store reports of the installations and names it retires:
 * installations whose latest report is older than the cutoff (with usage rows) and names last sent before the
 * cutoff's day, several per installation, laid out in the heap against their key order. Before the upkeep took the
 * fleet tables' lock (one long transaction deleting usage rows, then installations, then latest days in heap order)
 * a report holding its installation's row or some of its latest days deadlocked with it (PostgreSQL 40P01, the report
 * or the upkeep retried). Now no deadlock, and every table the fleet view reads is a recount of the reports kept.
 */
class StoreUpkeepBesideConcurrentReportsIT {

    private static final int ROUNDS = 4;
    private static final int INSTALLATIONS = 150;
    private static final int WRITERS = 8;
    private static final String DAY = "CAST(FLOOR(EXTRACT(EPOCH FROM received_at) / 86400) AS INT)";

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void theUpkeepBesideReportsOfWhatItRetiresNeverDeadlocksAndLeavesARecount() throws Exception {
        String url = postgres.database("upkeeprace");
        Instant now = Instant.now();
        // the cutoff in the middle of last month, the retired reports two days before it: their month is kept, so
        // the upkeep drops no partition (which would hold every report back) and deletes rows beside the writers
        Instant cutoff = YearMonth.from(now.atOffset(ZoneOffset.UTC)).minusMonths(1).atDay(15)
                .atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12));
        long cutoffDay = Math.floorDiv(cutoff.toEpochMilli(), 86_400_000L);
        Instant old = cutoff.minus(Duration.ofDays(2));
        AtomicInteger deadlocks = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> removed = new ConcurrentLinkedQueue<>();
        Random random = new Random(28);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            store.maintain(now, null);
            for (int round = 0; round < ROUNDS; round++) {
                List<String> installations = new ArrayList<>();
                for (int i = 0; i < INSTALLATIONS; i++) {
                    installations.add(UUID.randomUUID().toString());
                    // names in the heap against their key order: z5 first, z0 last
                    assertThat(store.store(report(installations.get(i), "z5", "z4", "z3", "z2", "z1", "z0"),
                            old.toEpochMilli() + i)).isEqualTo(ReportStore.Outcome.STORED);
                }
                ConcurrentLinkedQueue<byte[]> recent = new ConcurrentLinkedQueue<>();
                Collections.shuffle(installations, random);
                for (String installation : installations.subList(0, INSTALLATIONS - 10)) { // 10 retire for good
                    List<String> names = new ArrayList<>(List.of("z0", "z1", "z2", "z3", "z4", "z5"));
                    Collections.shuffle(names, random);
                    names = new ArrayList<>(names.subList(0, 2 + random.nextInt(4)));
                    names.add("fresh" + round);
                    recent.add(report(installation, names.toArray(String[]::new)));
                }
                CountDownLatch third = new CountDownLatch(recent.size() / 3);
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    running.add(pool.submit(() -> {
                        for (byte[] next; (next = recent.poll()) != null; third.countDown()) {
                            byte[] json = next;
                            long at = now.toEpochMilli() - random.nextInt(3_600_000);
                            while (!stored(() -> store.store(json, at, "writer"), deadlocks, failures)) {
                                // a deadlock: the record is stored again, as the Kafka consumer does
                            }
                        }
                        return null;
                    }));
                }
                running.add(pool.submit(() -> {
                    third.await();
                    while (!stored(() -> removed.add(store.maintain(now, cutoff)), deadlocks, failures)) {
                        // the upkeep failed for a deadlock: run again
                    }
                    return null;
                }));
                for (Future<?> task : running) {
                    task.get(120, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failures).isEmpty();
        assertThat(deadlocks.get()).as("deadlocks (40P01) of a report or the upkeep").isZero();
        // each round's upkeep deleted at least the 10 installations retired for good and their 6 names each
        assertThat(removed).hasSize(ROUNDS).allSatisfy(line -> {
            Matcher counts = Pattern.compile("\\[], (\\d+) installations, (\\d+) event roll-up rows").matcher(line);
            assertThat(counts.matches()).as(line).isTrue();
            assertThat(Integer.parseInt(counts.group(1))).isGreaterThanOrEqualTo(10);
            assertThat(Integer.parseInt(counts.group(2))).isGreaterThanOrEqualTo(60);
        });
        // each installation's latest report kept, none older than the cutoff; its usage rows those of that report
        assertThat(SqlRows.of(url, "postgres", "SELECT installation_id || ' ' || report_id FROM ceip_installation"
                + " ORDER BY 1")).containsExactlyElementsOf(SqlRows.of(url, "postgres", "SELECT installation_id || ' '"
                + " || report_id FROM (SELECT installation_id, report_id, ROW_NUMBER() OVER (PARTITION BY"
                + " installation_id ORDER BY received_at DESC, report_id DESC) AS r FROM ceip_report) l WHERE r = 1"
                + " AND installation_id IN (SELECT installation_id FROM ceip_report WHERE received_at >= '"
                + cutoff + "') ORDER BY 1")).hasSize(ROUNDS * (INSTALLATIONS - 10));
        assertThat(SqlRows.of(url, "postgres", "SELECT COUNT(*) FROM ceip_installation_usage u LEFT JOIN"
                + " ceip_installation i ON i.installation_id = u.installation_id WHERE i.installation_id IS NULL"))
                .containsExactly("0");
        // each name's latest day of each installation, none before the cutoff's day
        String latest = "SELECT installation_id, feature, MAX(" + DAY + ") AS d FROM ceip_feature_use WHERE "
                + DAY + " >= " + cutoffDay + " GROUP BY installation_id, feature";
        assertThat(SqlRows.of(url, "postgres", "SELECT installation_id || ' ' || name || ' ' || last_day FROM"
                + " ceip_installation_event ORDER BY 1")).containsExactlyElementsOf(SqlRows.of(url, "postgres",
                        "SELECT installation_id || ' ' || feature || ' ' || d FROM (" + latest + ") l ORDER BY 1"));
        // each day row (its shards summed) the day's uses and the installations whose latest day it is
        assertThat(SqlRows.of(url, "postgres", "SELECT epoch_day || ' ' || name || ' ' || SUM(installations) || ' '"
                + " || SUM(amount) FROM ceip_event_day GROUP BY epoch_day, name ORDER BY 1"))
                .containsExactlyElementsOf(SqlRows.of(url, "postgres", "SELECT u.d || ' ' || u.feature || ' ' ||"
                        + " COALESCE(l.n, 0) || ' ' || u.uses FROM (SELECT " + DAY + " AS d, feature, SUM(uses) AS"
                        + " uses FROM ceip_feature_use WHERE " + DAY + " >= " + cutoffDay + " GROUP BY 1, 2) u"
                        + " LEFT JOIN (SELECT d, feature, COUNT(*) AS n FROM (" + latest + ") x GROUP BY d, feature) l"
                        + " ON l.d = u.d AND l.feature = u.feature ORDER BY 1"));
        assertThat(EventRowsFigures.current(url, "postgres", 14))
                .isEqualTo(EventRowsFigures.fromEventRows(url, "postgres", 14));
        assertThat(ReportsTableFigures.current(url, "postgres", 14))
                .isEqualTo(ReportsTableFigures.fromReports(url, "postgres", 14));
    }

    /** A report of {@code installation} using each feature once. */
    private static byte[] report(String installation, String... features) {
        StringBuilder events = new StringBuilder("\"features\":{\"events\":{");
        for (String feature : features) {
            events.append('"').append(feature).append("\":1,");
        }
        events.setLength(events.length() - 1);
        return Reports.utf8(Reports.report(UUID.randomUUID().toString(), installation).replace("\"partial\":",
                events + "}},\"partial\":"));
    }

    private interface Step {
        Object run() throws SQLException;
    }

    /** Runs the step: true once it ran, false after a deadlock (counted); any other failure is kept. */
    private static boolean stored(Step step, AtomicInteger deadlocks, ConcurrentLinkedQueue<String> failures) {
        try {
            Object outcome = step.run();
            if (outcome instanceof ReportStore.Outcome stored && stored != ReportStore.Outcome.STORED) {
                failures.add(String.valueOf(stored));
            }
            return true;
        } catch (SQLException e) {
            for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
                if ("40P01".equals(cause.getSQLState())) {
                    deadlocks.incrementAndGet();
                    return false;
                }
            }
            failures.add(e.getSQLState() + " " + e.getMessage());
            return true;
        }
    }
}
