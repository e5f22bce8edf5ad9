package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ceip.collector.store.ReportStore;
import io.ceip.collector.support.ErringJdbc;
import io.ceip.collector.support.EventRowsFigures;
import io.ceip.collector.support.ReportsTableFigures;
import io.ceip.collector.support.SqlRows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two fills at start (the installation tables, the event roll-ups) on an earlier collector's H2 database (reports
 * and event rows, none of the fleet view's tables): each cut short at its last steps (a node stopped there: the
 * statement fails before it runs) leaves no marker, so the next start fills again from the start; two nodes starting
 * at once then fill once; the figures equal those of the queries over every report and event row.
 */
class StoreFillsCutShortOrStartedTwiceTest {

    /** The fleet view's tables, as an earlier collector's database lacks them. */
    static final String[] FLEET_TABLES = {"ceip_active_day", "ceip_installation_usage", "ceip_installation",
        "ceip_event_day", "ceip_installation_event"};

    @TempDir
    Path dir;

    @AfterEach
    void disarm() {
        ErringJdbc.disarm();
    }

    @Test
    void fillsCutShortAreDoneAgainAndTwoNodesAtOnceFillOnce() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db/c").toAbsolutePath();
        earlierCollectorsDatabase(url, "ceip");

        // cut at the installation fill's last statement: the marker made first (H2 commits DDL) and left empty
        cutAt(ErringJdbc.url(url), "ceip", "INSERT INTO ceip_active_day");
        // cut in the middle of the event fill, after its day sums
        cutAt(ErringJdbc.url(url), "ceip", "UPDATE ceip_event_day_fill");
        assertThat(SqlRows.of(url, "ceip", "SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name)"
                + " = 'ceip_event_day'")).containsExactly("0");

        twoNodesAtOnce(url, "ceip");
        assertRecount(url, "ceip");
    }

    /** Reports with events stored, then the fleet view's tables dropped. */
    static void earlierCollectorsDatabase(String url, String user) throws SQLException {
        try (ReportStore store = new ReportStore(url, user, "", 2000, 200)) {
            store.createSchema();
            EventRowsFigures.feed(store, 40, 30, 28);
        }
        try (Connection connection = DriverManager.getConnection(url, user, "");
                Statement statement = connection.createStatement()) {
            for (String table : FLEET_TABLES) {
                statement.execute("DROP TABLE " + table);
            }
        }
    }

    /** A node started on {@code url} (through {@link ErringJdbc}) stops where its fill runs {@code sql}. */
    static void cutAt(String url, String user, String sql) {
        ErringJdbc.cutAt(sql);
        try (ReportStore store = new ReportStore(url, user, "", 2000, 200)) {
            assertThatThrownBy(store::createSchema).isInstanceOf(SQLException.class).hasMessageContaining("cut short");
        } finally {
            ErringJdbc.disarm();
        }
    }

    /** Two nodes' stores made and started on {@code url} at the same moment: both start. */
    static void twoNodesAtOnce(String url, String user) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch ready = new CountDownLatch(2);
        List<Future<?>> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                nodes.add(pool.submit(() -> {
                    try (ReportStore store = new ReportStore(url, user, "", 2000, 200)) {
                        ready.countDown();
                        ready.await();
                        store.createSchema();
                    }
                    return null;
                }));
            }
            for (Future<?> node : nodes) {
                node.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The figures of the fleet view's tables equal those of every report and event row. */
    static void assertRecount(String url, String user) throws SQLException {
        assertThat(ReportsTableFigures.current(url, user, 30)).isEqualTo(ReportsTableFigures.fromReports(url, user,
                30));
        assertThat(EventRowsFigures.current(url, user, 30)).isEqualTo(EventRowsFigures.fromEventRows(url, user, 30));
    }
}
