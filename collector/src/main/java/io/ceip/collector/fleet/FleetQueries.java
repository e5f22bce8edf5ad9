package io.ceip.collector.fleet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fleet's counting figures (H2 or PostgreSQL, read only) from the store's tables kept per installation, so
 * that a figure reads one row per installation, not every report of its window (3×10⁷ at 10⁶ installations): each
 * installation whose latest report was received in the last {@code windowDays} days counted once, under the values of
 * that latest report ({@code ceip_installation}); and the installations that reported on each UTC day of the window,
 * its first day whole ({@code ceip_active_day}, a few rows a day). A value the reports did not give is counted as
 * {@code unknown} (product versions: null, {@link #productVersions}). At most {@value #MAX_VALUES} values per figure,
 * the largest first.
 */
public final class FleetQueries {

    static final int MAX_VALUES = 50;

    private final String url;
    private final String user;
    private final String password;
    private final int windowDays;

    public FleetQueries(String url, String user, String password, int windowDays) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.windowDays = windowDays;
    }

    /**
     * The figure's values and counts, in display order. The groups are bounded by what the store takes (the report
     * columns' values per day, {@code collector.store.max-column-values-per-day}; days; the tokens' products; two
     * consent levels), and the result by {@code FETCH FIRST} (and the driver's maximum rows).
     */
    public Map<String, Long> figure(Figure figure, QueryDeadline deadline) throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>();
        if (figure.column() == null) {
            int limit = windowDays + 1;
            read("SELECT epoch_day, SUM(installations) FROM ceip_active_day WHERE epoch_day >= ? GROUP BY epoch_day"
                    + " ORDER BY epoch_day FETCH FIRST " + limit + " ROWS ONLY", limit, deadline, true,
                    rows -> values.put(LocalDate.ofEpochDay(rows.getLong(1)).toString(), rows.getLong(2)));
            return values;
        }
        read("SELECT v, COUNT(*) AS n FROM (SELECT COALESCE(" + figure.column() + ", 'unknown') AS v FROM"
                + " ceip_installation WHERE received_at >= ?) t GROUP BY v ORDER BY n DESC, v FETCH FIRST "
                + MAX_VALUES + " ROWS ONLY", MAX_VALUES, deadline, false,
                rows -> values.put(rows.getString(1), rows.getLong(2)));
        return values;
    }

    /**
     * Installations per product and version, in display order: grouped by the two columns, so a version that reads as
     * another product's ({@code "Monitoring 1.0.0"} of product {@code Demo}) is not counted as it; a missing product
     * or version is null, never a text a report could send.
     */
    public List<ProductVersion> productVersions(QueryDeadline deadline) throws SQLException {
        List<ProductVersion> values = new ArrayList<>();
        read("SELECT product_name, product_version, COUNT(*) AS n FROM ceip_installation WHERE"
                + " received_at >= ? GROUP BY product_name, product_version ORDER BY n DESC, product_name NULLS LAST,"
                + " product_version NULLS LAST FETCH FIRST " + MAX_VALUES + " ROWS ONLY", MAX_VALUES, deadline, false,
                rows -> values.add(new ProductVersion(rows.getString(1), rows.getString(2), rows.getLong(3))));
        return values;
    }

    /** One product version's installations ({@code product} and {@code version} null when the reports had none). */
    public record ProductVersion(String product, String version, long installations) {
    }

    /**
     * The store's quarantine ({@code ceip_report_quarantine}): its records and when the oldest was quarantined (null
     * when there is none). The table is bounded ({@code collector.store.quarantine-max-records}); its content is not
     * read.
     */
    public QuarantineFigure quarantine(QueryDeadline deadline) throws SQLException {
        try (Connection connection = open(url, user, password, deadline);
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT COUNT(*), MIN(quarantined_at) FROM ceip_report_quarantine")) {
            deadline.limit(statement);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                Timestamp oldest = rows.getTimestamp(2);
                return new QuarantineFigure(rows.getLong(1), oldest == null ? null : oldest.toInstant());
            }
        }
    }

    /** The quarantine's records and its oldest's time (null: none). */
    public record QuarantineFigure(long records, Instant oldest) {
    }

    private interface Row {
        void read(ResultSet rows) throws SQLException;
    }

    /**
     * Runs {@code sql} over the window (its one parameter: its start, or with {@code day} the start's UTC day as an
     * epoch day), at most {@code limit} rows, each to {@code row}, within {@code deadline}.
     */
    private void read(String sql, int limit, QueryDeadline deadline, boolean day, Row row) throws SQLException {
        try (Connection connection = open(url, user, password, deadline);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            deadline.limit(statement);
            Instant from = Instant.now().minus(Duration.ofDays(windowDays));
            if (day) {
                statement.setInt(1, Math.toIntExact(Math.floorDiv(from.toEpochMilli(), 86_400_000L)));
            } else {
                statement.setTimestamp(1, Timestamp.from(from));
            }
            statement.setMaxRows(limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    row.read(rows);
                }
            }
        }
    }

    /**
     * A read-only connection whose session zone is UTC (H2 and PostgreSQL): its dates are UTC days; on PostgreSQL its
     * calls end a little after {@code deadline} when the database sends nothing ({@link QueryDeadline}).
     */
    static Connection open(String url, String user, String password, QueryDeadline deadline) throws SQLException {
        Connection connection = DriverManager.getConnection(url, user, password);
        try (Statement statement = connection.createStatement()) {
            deadline.limit(connection, url);
            deadline.limit(statement);
            connection.setReadOnly(true);
            statement.execute("SET TIME ZONE 'UTC'");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
