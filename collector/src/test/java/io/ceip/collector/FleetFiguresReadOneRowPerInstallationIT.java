package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.ReportStore;
import io.ceip.collector.support.PostgresExtension;
import io.ceip.collector.support.ReportsTableFigures;
import io.ceip.collector.support.SqlRows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The installation tables on a real PostgreSQL (partitioned reports): the figures agree with the old definition over
 * every report of the window, and a database of an earlier collector (reports, no installation tables) is filled from
 * its reports at start, in one transaction, with the same answers.
 */
class FleetFiguresReadOneRowPerInstallationIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void theFiguresAreThoseOfEveryReportOfTheWindow() throws Exception {
        String url = postgres.database("agree");
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            ReportsTableFigures.feed(store, 60, 30, 7);
        }

        Map<String, Object> figures = ReportsTableFigures.current(url, "postgres", 30);

        assertThat(figures).isEqualTo(ReportsTableFigures.fromReports(url, "postgres", 30));
        assertThat((Map<?, ?>) figures.get("active-installations")).hasSizeGreaterThan(20);
        assertThat((List<?>) figures.get("usage")).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void anEarlierCollectorsDatabaseIsFilledFromItsReportsAtStart() throws Exception {
        String url = postgres.database("earlier");
        Map<String, Object> kept;
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            ReportsTableFigures.feed(store, 40, 30, 11);
            kept = ReportsTableFigures.current(url, "postgres", 30);
        }
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE ceip_active_day, ceip_installation_usage, ceip_installation");
        }

        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();
            store.createSchema(); // a second start finds them filled
        }

        assertThat(ReportsTableFigures.current(url, "postgres", 30)).isEqualTo(kept)
                .isEqualTo(ReportsTableFigures.fromReports(url, "postgres", 30));
        assertThat(SqlRows.of(url, "postgres", "SELECT COUNT(*) = COUNT(DISTINCT installation_id) FROM"
                + " ceip_installation")).containsExactly("t");
    }
}
