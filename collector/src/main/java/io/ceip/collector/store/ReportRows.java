package io.ceip.collector.store;

import io.ceip.collector.validate.GeneratedAt;
import io.ceip.collector.validate.Report;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** How a report becomes a row of {@code ceip_report} (and, on PostgreSQL, of the dedupe table). */
final class ReportRows {

    /** The columns of {@code ceip_report} between {@code report_id} and {@code report}, the same in both forms. */
    static final String COLUMNS = " installation_id VARCHAR(36) NOT NULL,"
            + " received_at TIMESTAMP WITH TIME ZONE NOT NULL,"
            + " generated_at TIMESTAMP WITH TIME ZONE,"
            + " product_name VARCHAR(200), product_version VARCHAR(100),"
            + " os_name VARCHAR(200), java_version VARCHAR(100), db_vendor VARCHAR(200),"
            + " consent_level VARCHAR(16),";

    private ReportRows() {
    }

    /**
     * One report's row, committed when this returns (rolled back when it throws). On PostgreSQL, in one transaction,
     * its ID into the dedupe table {@code ceip_report_id} (a repeat fails there: 23505) and its row into its month's
     * partition, made first if it is missing (a record older or newer than the partitions made ahead). The report's
     * events ({@link EventRows}) go in the same transaction, so a duplicate adds none; a report without events is
     * one auto-committed insert on H2. Whatever it throws, nothing of the report is committed.
     */
    static void insert(Connection connection, boolean postgres, Report report, Timestamp at, EventNames names)
            throws SQLException {
        String sql = "INSERT INTO ceip_report (report_id, installation_id, received_at, generated_at, product_name,"
                + " product_version, os_name, java_version, db_vendor, consent_level, report) VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + (postgres ? "CAST(? AS JSONB)" : "? FORMAT JSON") + ")";
        boolean events = EventRows.any(report);
        if (!postgres && !events) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bindRow(statement, report, at);
                statement.executeUpdate();
            }
            return;
        }
        connection.setAutoCommit(false);
        boolean ended = false; // committed or rolled back: else the finally's auto-commit would commit a part
        try {
            for (int attempt = 0; ; attempt++) {
                try (PreparedStatement row = connection.prepareStatement(sql)) {
                    if (postgres) {
                        try (PreparedStatement id = connection.prepareStatement(
                                "INSERT INTO ceip_report_id (report_id, received_at) VALUES (?, ?)")) {
                            id.setString(1, report.reportId());
                            id.setTimestamp(2, at);
                            id.executeUpdate();
                        }
                    }
                    bindRow(row, report, at);
                    row.executeUpdate();
                    if (events) {
                        EventRows.insert(connection, report, at, names);
                    }
                    connection.commit();
                    ended = true;
                    return;
                } catch (SQLException e) {
                    connection.rollback();
                    if (attempt > 0 || !postgres || !"23514".equals(e.getSQLState())) {
                        ended = true;
                        throw e;
                    }
                    Partitions.make(connection, YearMonth.from(at.toInstant().atOffset(ZoneOffset.UTC)));
                    connection.commit();
                }
            }
        } finally {
            if (!ended) { // a RuntimeException or an Error (out of memory) mid-insert: nothing of the report stays
                connection.rollback();
            }
            connection.setAutoCommit(true);
        }
    }

    private static void bindRow(PreparedStatement statement, Report report, Timestamp at) throws SQLException {
        statement.setString(1, report.reportId());
        statement.setString(2, report.installationId());
        statement.setTimestamp(3, at);
        statement.setTimestamp(4, instant(report.generatedAt()));
        statement.setString(5, cut(report.productName(), 200));
        statement.setString(6, cut(report.productVersion(), 100));
        statement.setString(7, cut(report.osName(), 200));
        statement.setString(8, cut(report.javaVersion(), 100));
        statement.setString(9, cut(report.databaseVendor(), 200));
        statement.setString(10, cut(report.consentLevel(), 16));
        statement.setString(11, new String(report.json(), StandardCharsets.UTF_8));
    }

    /** {@code generatedAt} as the column keeps it: null when it is no date and time, or outside years 0001-9999. */
    private static Timestamp instant(String text) {
        Instant at = GeneratedAt.parse(text);
        return at == null || !GeneratedAt.storable(at) ? null : Timestamp.from(at);
    }

    /** Hostile text as a column keeps it: as an event name ({@link EventRows#clean}); null stays null. */
    static String cut(String text, int max) {
        return text == null ? null : EventRows.clean(text, max);
    }
}
