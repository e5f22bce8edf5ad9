package io.ceip.collector.fleet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the figures of the reports' events from the daily roll-ups the store keeps in each report's transaction
 * ({@code ceip_event_day}; H2 or PostgreSQL, read only): a few rows per day, name and shard, not the event rows of
 * the window (which grow with the reports: 3×10⁷ reports in 30 days at 10⁶ installations). Each figure is over the
 * UTC days from the day {@code windowDays} days before now (read whole) and has at most {@code top} rows (the
 * largest first). Sums per day and name are exact; the installations of a name are exact too (each installation is
 * counted on the latest day it sent the name, so summing days counts it once); the percentiles' combination
 * ({@link #COMBINATION}) is a ratio of sums and merges exactly across days.
 */
public final class EventQueries {

    /** How the fleet's percentiles are combined from the reports' own, as the page and the JSON say. */
    public static final String COMBINATION = "p50, p90 and p99 are the means of the reports' own percentiles"
            + " weighted by their runs: an estimate, not a percentile of all runs (percentiles of separate reports"
            + " cannot be merged exactly); each agent reports the upper bound of its histogram bucket (at most 12.5 %"
            + " above the true value, never above the maximum: 1,234 ms counts as 1,279, or as the maximum when that is"
            + " lower); worst p99 is the largest p99 one report gave; max is the longest run reported";

    /**
     * Feature use: per feature (the {@code top} used by most installations, then by most uses: a report with made-up
     * counts, one installation, cannot push out a feature that two installations use), uses per bucket of UTC days
     * ({@code bucket}: {@code day} up to a 62-day window, {@code week} (from Monday) up to 434 days, else
     * {@code month}), and installations using it.
     */
    public record FeatureUse(String bucket, List<LocalDate> buckets, Map<String, Map<String, Long>> uses,
            Map<String, Long> installations) {
    }

    /** One fingerprint with one exception type: errors counted and installations that reported it. */
    public record ErrorRow(String fingerprint, String exception, long count, long installations) {
    }

    /**
     * One operation: runs, installations, the combined percentiles ({@link #COMBINATION}) in ms. Ranked as features
     * and errors: by the installations that sent it, then by its runs, then by name.
     */
    public record DurationRow(String operation, long runs, long installations, long p50, long p90, long p99,
            long worstP99, long max) {
    }

    /** What a sum past a long is shown as (the page and the JSON): {@link Long#MAX_VALUE}, 9223372036854775807. */
    public static final long SATURATED = Long.MAX_VALUE;

    private final String url;
    private final String user;
    private final String password;
    private final int windowDays;
    private final int top;

    public EventQueries(String url, String user, String password, int windowDays, int top) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.windowDays = windowDays;
        this.top = top;
    }

    /** The usage figure's queries, over the same window and top list. */
    public UsageQueries usage() {
        return new UsageQueries(url, user, password, windowDays, top);
    }

    public FeatureUse featureUse(QueryDeadline deadline) throws SQLException {
        Map<String, Long> installations = new LinkedHashMap<>();
        Map<String, Map<String, Long>> uses = new LinkedHashMap<>();
        String bucket = windowDays <= 62 ? "day" : windowDays <= 434 ? "week" : "month";
        try (Connection connection = open(deadline)) {
            try (PreparedStatement statement = prepare(connection, deadline, "SELECT name, SUM(installations) AS i,"
                    + " SUM(amount) AS n FROM ceip_event_day WHERE epoch_day >= ? AND kind = 'f' GROUP BY name"
                    + " ORDER BY i DESC, n DESC, name" + first()); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    installations.put(rows.getString(1), rows.getLong(2));
                    uses.put(rows.getString(1), new TreeMap<>());
                }
            }
            if (!uses.isEmpty()) {
                String in = String.join(", ", Collections.nCopies(uses.size(), "?"));
                try (PreparedStatement statement = prepare(connection, deadline, "SELECT name, epoch_day, SUM(amount)"
                        + " FROM ceip_event_day WHERE epoch_day >= ? AND kind = 'f' AND name IN (" + in + ")"
                        + " GROUP BY name, epoch_day")) {
                    int i = 2;
                    for (String feature : uses.keySet()) {
                        statement.setString(i++, feature);
                    }
                    statement.setMaxRows(top * (windowDays + 2));
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            uses.get(rows.getString(1)).merge(bucketOf(LocalDate.ofEpochDay(rows.getLong(2)), bucket)
                                    .toString(), sum(rows, 3), EventQueries::add);
                        }
                    }
                }
            }
        }
        List<LocalDate> buckets = new ArrayList<>();
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        for (LocalDate b = bucketOf(today.minusDays(windowDays), bucket); !b.isAfter(today);
                b = bucket.equals("day") ? b.plusDays(1) : bucket.equals("week") ? b.plusWeeks(1) : b.plusMonths(1)) {
            buckets.add(b);
        }
        return new FeatureUse(bucket, buckets, uses, installations);
    }

    public List<ErrorRow> topErrors(QueryDeadline deadline) throws SQLException {
        List<ErrorRow> errors = new ArrayList<>();
        try (Connection connection = open(deadline); PreparedStatement statement = prepare(connection, deadline,
                "SELECT name, detail, SUM(amount) AS n, SUM(installations) AS i FROM ceip_event_day"
                + " WHERE epoch_day >= ? AND kind = 'e' GROUP BY name, detail ORDER BY i DESC, n DESC, name, detail"
                + first());
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                errors.add(new ErrorRow(rows.getString(1), rows.getString(2), sum(rows, 3), rows.getLong(4)));
            }
        }
        return errors;
    }

    public List<DurationRow> operationDurations(QueryDeadline deadline) throws SQLException {
        List<DurationRow> durations = new ArrayList<>();
        try (Connection connection = open(deadline); PreparedStatement statement = prepare(connection, deadline,
                "SELECT name, SUM(amount) AS n, SUM(installations) AS i, SUM(p50), SUM(p90), SUM(p99),"
                + " MAX(worst_p99), MAX(max_ms) FROM ceip_event_day WHERE epoch_day >= ? AND kind = 'd' GROUP BY name"
                + " ORDER BY i DESC, n DESC, name" + first()); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                BigDecimal runs = rows.getBigDecimal(2);
                durations.add(new DurationRow(rows.getString(1), sum(rows, 2), rows.getLong(3), mean(rows
                        .getBigDecimal(4), runs), mean(rows.getBigDecimal(5), runs), mean(rows.getBigDecimal(6), runs),
                        rows.getLong(7), rows.getLong(8)));
            }
        }
        return durations;
    }

    /** The weighted mean (at most the largest percentile summed, an int). */
    private static long mean(BigDecimal weighted, BigDecimal runs) {
        return runs == null || runs.signum() == 0 || weighted == null ? 0
                : weighted.divide(runs, 0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * A {@code SUM} of counts read as a long, at most {@link #SATURATED}: each stored count is at most 10^12, but a
     * window may hold millions of rows of one name (9.3 million at the bound pass a long, and the databases return the
     * sum as NUMERIC: {@code getLong} would fail the whole figure).
     */
    static long sum(ResultSet rows, int column) throws SQLException {
        BigDecimal sum = rows.getBigDecimal(column);
        return sum == null ? 0 : sum.compareTo(BigDecimal.valueOf(SATURATED)) >= 0 ? SATURATED : sum.longValue();
    }

    /** Two sums added, at most {@link #SATURATED}. */
    static long add(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? SATURATED : sum; // both non-negative: an overflow turns the sign
    }

    /** The first day of the bucket {@code day} falls in. */
    static LocalDate bucketOf(LocalDate day, String bucket) {
        return switch (bucket) {
            case "day" -> day;
            case "week" -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            default -> day.withDayOfMonth(1);
        };
    }

    /** The top list's bound in the query itself (H2 and PostgreSQL): {@code top} is a setting, never a request's. */
    private String first() {
        return " FETCH FIRST " + top + " ROWS ONLY";
    }

    private Connection open(QueryDeadline deadline) throws SQLException {
        return FleetQueries.open(url, user, password, deadline);
    }

    /**
     * A statement over the window (the first parameter: the UTC day, as an epoch day, {@code windowDays} days before
     * now: the window's first day is read whole), at most {@code top} rows, within {@code deadline}.
     */
    private PreparedStatement prepare(Connection connection, QueryDeadline deadline, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        deadline.limit(statement);
        statement.setInt(1, Math.toIntExact(Math.floorDiv(Instant.now().minus(Duration.ofDays(windowDays))
                .toEpochMilli(), 86_400_000L)));
        statement.setMaxRows(top);
        return statement;
    }
}
