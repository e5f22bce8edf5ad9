package io.ceip.collector.store;

import io.ceip.collector.validate.GeneratedAt;
import io.ceip.collector.validate.Report;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

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
     * events ({@link EventRows}, {@link UsageRows}), its installation's latest report and days
     * ({@link Installations}) and the events' roll-ups ({@link EventRollups}) go in the same transaction, so a
     * duplicate adds none and changes no figure; the last two under {@link FleetLock} shared. Whatever it
     * throws, nothing of the report is committed.
     */
    static void insert(Connection connection, boolean postgres, Report report, Timestamp at, EventNames names)
            throws SQLException {
        String sql = "INSERT INTO ceip_report (report_id, installation_id, received_at, generated_at, product_name,"
                + " product_version, os_name, java_version, db_vendor, consent_level, report) VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + (postgres ? "CAST(? AS JSONB)" : "? FORMAT JSON") + ")";
        boolean events = EventRows.any(report) || UsageRows.any(report);
        String[] counted = counted(report, at, names);
        connection.setAutoCommit(false);
        boolean ended = false; // committed or rolled back: else the finally's auto-commit would commit a part
        FleetLock.Held fleet = null;
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
                    bindRow(row, report, at, counted);
                    row.executeUpdate();
                    Map<String, Map<String, Long>> usage = Map.of();
                    List<EventRollups.Event> taken = List.of();
                    if (events) {
                        taken = EventRows.insert(connection, report, at, names);
                        usage = UsageRows.insert(connection, report, at, names);
                    }
                    fleet = FleetLock.shared(connection, postgres); // the upkeep of the fleet tables kept out
                    Installations.take(connection, report, at, counted, usage); // locks the installation's row
                    EventRollups.take(connection, postgres, report.installationId(), Math.floorDiv(at.getTime(),
                            Installations.DAY_MILLIS), taken);
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
            try {
                if (!ended) { // a RuntimeException or an Error (out of memory) mid-insert: nothing of the report stays
                    connection.rollback();
                }
                connection.setAutoCommit(true);
            } finally { // let go even when the connection is broken (H2: else held by a dead session for ever)
                if (fleet != null) {
                    fleet.close();
                }
            }
        }
    }

    private static void bindRow(PreparedStatement statement, Report report, Timestamp at, String[] counted)
            throws SQLException {
        statement.setString(1, report.reportId());
        statement.setString(2, report.installationId());
        statement.setTimestamp(3, at);
        statement.setTimestamp(4, instant(report.generatedAt()));
        statement.setString(5, cut(report.productName(), 200));
        for (int i = 0; i < counted.length; i++) {
            statement.setString(6 + i, counted[i]);
        }
        statement.setString(10, cut(report.consentLevel(), 16));
        statement.setString(11, new String(report.json(), StandardCharsets.UTF_8));
    }

    /**
     * The columns the fleet view groups on (product version, OS, Java version, database vendor), cut as stored and
     * each as {@code names} takes it for the day of {@code at}: {@code other} past the day's bound of new values
     * ({@link EventNames}); null stays null. Each product has its own bound of new values of each column, and a
     * product version is taken per product. (The product name is the token's, the consent level one of two: both
     * bounded already.)
     */
    static String[] counted(Report report, Timestamp at, EventNames names) {
        String product = cut(report.productName(), 200);
        EventNames.Report admission = names.report(Math.floorDiv(at.getTime(), 86_400_000L), product);
        String version = cut(report.productVersion(), 100);
        String[] values = {version, cut(report.osName(), 200), cut(report.javaVersion(), 100),
            cut(report.databaseVendor(), 200)};
        String[] keys = {version == null || version.equals("other") ? version
            : (product == null ? "" : product) + '\n' + version, values[1],
            values[2], values[3]};
        EventNames.Kind[] kinds = {EventNames.Kind.PRODUCT_VERSION, EventNames.Kind.OS_NAME,
            EventNames.Kind.JAVA_VERSION, EventNames.Kind.DB_VENDOR};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && !admission.admit(kinds[i], keys[i])) {
                values[i] = "other";
            }
        }
        return values;
    }

    /**
     * Seeds {@code names} with the column values stored since the start of the day {@value EventNames#DAYS_KEPT}
     * days before {@code now}'s (UTC), each with the last and the first day a product stored it
     * ({@link ReportStore#seedEventNames}).
     */
    static void seed(Connection connection, Instant now, EventNames names) throws SQLException {
        long today = Math.floorDiv(now.toEpochMilli(), 86_400_000L);
        Timestamp from = new Timestamp((today - EventNames.DAYS_KEPT + 1) * 86_400_000L);
        String[] values = {"COALESCE(product_name, '') || CHR(10) || product_version", "os_name", "java_version",
            "db_vendor"};
        String[] columns = {"product_version", "os_name", "java_version", "db_vendor"};
        EventNames.Kind[] kinds = {EventNames.Kind.PRODUCT_VERSION, EventNames.Kind.OS_NAME,
            EventNames.Kind.JAVA_VERSION, EventNames.Kind.DB_VENDOR};
        for (int i = 0; i < values.length; i++) {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + values[i]
                    + ", MAX(received_at), MIN(received_at), product_name FROM ceip_report WHERE received_at >= ? AND "
                    + columns[i] + " <> 'other' GROUP BY product_name, " + columns[i])) {
                select.setTimestamp(1, from);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        names.seed(Math.floorDiv(rows.getTimestamp(2).getTime(), 86_400_000L),
                                Math.floorDiv(rows.getTimestamp(3).getTime(), 86_400_000L), kinds[i],
                                rows.getString(4), rows.getString(1));
                    }
                }
            }
        }
    }

    /** {@code generatedAt} as the column keeps it: null when it is no date and time, or outside years 0001-9999. */
    private static Timestamp instant(String text) {
        Instant at = GeneratedAt.parse(text);
        return at == null || !GeneratedAt.storable(at) ? null : Timestamp.from(at);
    }

    /** Hostile text as a column keeps it: as an event name ({@link EventRows#clean}); null stays null. */
    static String cut(String text, int max) {
        return text == null ? null : EventValues.clean(text, max);
    }
}
