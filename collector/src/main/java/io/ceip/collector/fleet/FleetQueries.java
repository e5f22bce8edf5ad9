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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fleet's figures from the reports table (H2 or PostgreSQL, read only): installations (distinct IDs)
 * counted per value over the last {@code windowDays} days of {@code received_at}, and per UTC day. A value the reports
 * did not give is counted as {@code unknown} (product versions: null, {@link #productVersions}). At most {@value #MAX_VALUES} values per figure, the largest first.
 */
public final class FleetQueries {

    static final int MAX_VALUES = 50;

    /**
     * The UTC day a row was received on, as the fleet view's axes count days, on a connection of {@link #open}: a
     * cast to a date takes the session's zone (on H2 even of a value at UTC, {@code AT TIME ZONE 'UTC'} does not
     * help), which both drivers set from the JVM's: east of UTC a report received before UTC midnight fell on
     * tomorrow, off the axis.
     */
    static final String UTC_DAY = "CAST(received_at AS DATE)";

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
        String value = figure.column() == null ? UTC_DAY
                : "COALESCE(" + figure.column() + ", 'unknown')";
        int limit = figure.column() == null ? windowDays + 1 : MAX_VALUES;
        String sql = "SELECT v, COUNT(DISTINCT installation_id) AS n FROM (SELECT " + value
                + " AS v, installation_id FROM ceip_report WHERE received_at >= ?) t GROUP BY v ORDER BY "
                + (figure.column() == null ? "v" : "n DESC, v") + " FETCH FIRST " + limit + " ROWS ONLY";
        Map<String, Long> values = new LinkedHashMap<>();
        read(sql, limit, deadline, rows -> values.put(rows.getString(1), rows.getLong(2)));
        return values;
    }

    /**
     * Installations per product and version, in display order: grouped by the two columns, so a version that reads as
     * another product's ({@code "Monitoring 1.0.0"} of product {@code Demo}) is not counted as it; a missing product
     * or version is null, never a text a report could send.
     */
    public List<ProductVersion> productVersions(QueryDeadline deadline) throws SQLException {
        List<ProductVersion> values = new ArrayList<>();
        read("SELECT product_name, product_version, COUNT(DISTINCT installation_id) AS n FROM ceip_report WHERE"
                + " received_at >= ? GROUP BY product_name, product_version ORDER BY n DESC, product_name NULLS LAST,"
                + " product_version NULLS LAST FETCH FIRST " + MAX_VALUES + " ROWS ONLY", MAX_VALUES, deadline,
                rows -> values.add(new ProductVersion(rows.getString(1), rows.getString(2), rows.getLong(3))));
        return values;
    }

    /** One product version's installations ({@code product} and {@code version} null when the reports had none). */
    public record ProductVersion(String product, String version, long installations) {
    }

    private interface Row {
        void read(ResultSet rows) throws SQLException;
    }

    /**
     * Runs {@code sql} over the window (its one parameter), at most {@code limit} rows, each to {@code row}, within
     * {@code deadline}.
     */
    private void read(String sql, int limit, QueryDeadline deadline, Row row) throws SQLException {
        try (Connection connection = open(url, user, password, deadline);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            deadline.limit(statement);
            statement.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(windowDays))));
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
