package io.ceip.collector.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the usage figure (H2 or PostgreSQL, read only): per product and key of {@code usage} and of
 * {@code features.counts} (the store's {@code ceip_usage}), over each installation's latest report of the last
 * {@code windowDays} days of {@code received_at} (latest by {@code received_at}, then report ID: one value per
 * installation, never a report counted twice; an installation whose latest report lacks a key is not counted for it),
 * how many installations reported the key and the distribution of their values: sum, median (p50), p90 and max
 * ({@link #PERCENTILES}). At most {@code top} keys per product and source, those most installations reported first,
 * then by name. The keys grouped are bounded by the store ({@code collector.store.max-event-names-per-day}).
 */
public final class UsageQueries {

    /** How the percentiles are taken, as the page and the JSON say. */
    public static final String PERCENTILES = "one value per installation, from its latest report in the window;"
            + " p50 and p90 are values one installation reported (the smallest value at or above that share of"
            + " installations, as PERCENTILE_DISC); a count sent as a range (11-25) is taken at its lower bound;"
            + " a count by name (features.counts) as the sum of its counts";

    /**
     * One key of one product's {@code source} ({@code usage} or {@code features.counts}): installations reporting it,
     * the sum of their values (at most {@link EventQueries#SATURATED}), the median, p90 and max.
     */
    public record UsageRow(String product, String source, String key, long installations, long sum, long p50, long p90,
            long max) {
    }

    private final String url;
    private final String user;
    private final String password;
    private final int windowDays;
    private final int top;

    public UsageQueries(String url, String user, String password, int windowDays, int top) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.windowDays = windowDays;
        this.top = top;
    }

    /**
     * The rows, by product (a missing one last), {@code usage} before {@code counts}, then as ranked. Reads the
     * installations' rows ({@code ceip_installation}, its latest report) and their latest report's usage rows
     * ({@code ceip_installation_usage}): bounded by the installations, not by the reports of the window; at most
     * {@code top} keys per product and source, and {@code top} times 2 times {@value FleetQueries#MAX_VALUES} rows
     * in all.
     */
    public List<UsageRow> usage(QueryDeadline deadline) throws SQLException {
        int limit = top * 2 * FleetQueries.MAX_VALUES;
        String sql = "SELECT product_name, source, usage_key, i, s, p50, p90, m FROM (SELECT l.product_name,"
                + " u.source, u.usage_key, COUNT(*) AS i, SUM(u.amount) AS s,"
                + " PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY u.amount) AS p50,"
                + " PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY u.amount) AS p90, MAX(u.amount) AS m,"
                + " ROW_NUMBER() OVER (PARTITION BY l.product_name, u.source ORDER BY COUNT(*) DESC, u.usage_key)"
                + " AS k FROM ceip_installation l JOIN ceip_installation_usage u"
                + " ON u.installation_id = l.installation_id WHERE l.received_at >= ?"
                + " GROUP BY l.product_name, u.source, u.usage_key) t WHERE k <= " + top
                + " ORDER BY product_name NULLS LAST, source DESC, k FETCH FIRST " + limit + " ROWS ONLY";
        List<UsageRow> rows = new ArrayList<>();
        try (Connection connection = FleetQueries.open(url, user, password, deadline);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            deadline.limit(statement);
            statement.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(windowDays))));
            statement.setMaxRows(limit);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String source = result.getString(2).equals("counts") ? "features.counts" : result.getString(2);
                    rows.add(new UsageRow(result.getString(1), source, result.getString(3),
                            result.getLong(4), EventQueries.sum(result, 5), result.getLong(6), result.getLong(7),
                            result.getLong(8)));
                }
            }
        }
        return rows;
    }
}
