package io.ceip.collector.store;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many distinct event names the store takes in per day of receipt (UTC) and kind — feature names, error
 * fingerprints with their exception type, operation names — {@code collector.store.max-event-names-per-day}, and
 * how many distinct values of each report column the fleet view counts — product version, OS name, Java version,
 * database vendor — each product takes per day, {@code collector.store.max-column-values-per-day}: one product's
 * token cannot use up the day's new versions, OS, Java versions or database vendors of another. (Products are those
 * of the collector's tokens, so few; event names are counted across products: their seed, from the event tables,
 * knows no product.) The fleet view groups the rows of its window by these names and values, so this bounds the work
 * and the memory of each of its figures: without it, reports inventing names (each may carry 1000 of each kind) made
 * one fleet query hold every distinct name of the window at once (700 such reports, about 700,000 names a kind: the
 * embedded H2 ran the node out of memory and closed its database), and 10⁶ reports with distinct versions, OS, Java
 * and database names ran a 512 MiB node out of memory at one {@code /fleet}. A name the store does not take is stored
 * as {@code other} (a feature, an error, a column's value) or not stored (an operation), as the per-report bound does;
 * {@code other} itself is always taken.
 * <ul>
 * <li>A name taken on one of the last {@value #DAYS_KEPT} days of receipt is taken again without counting, and is
 * seen on its day too: a name stays taken while it is sent at least once every {@value #DAYS_KEPT} days of receipt, so
 * a client inventing names after midnight cannot push out the names the fleet already sends.</li>
 * <li>One report brings at most a twentieth of the day's bound of new event names of a kind (100 at the default); a
 * report has one value of each column.</li>
 * <li>A day older than the last {@value #DAYS_KEPT} (a Kafka backlog) takes only names already taken: it never gets
 * a fresh bound.</li>
 * <li>One INFO line per kind (and product, for a column) and day when the bound is reached.</li>
 * </ul>
 * So a window of d days holds at most d times the bound of new names of each kind (of each column, d times the bound
 * times the products), plus the names taken before it and sent again in it: the names taken grow by at most that
 * bound a day, and only as long as every one of them is sent again at least once every {@value #DAYS_KEPT} days.
 * Counted by each store node in memory, from what the database holds of the last {@value #DAYS_KEPT} days when it
 * starts ({@link #seed}: each name seen on the last day it was stored, counted as new on the first), so that a
 * restart neither grants a fresh bound nor drops the names the fleet sends; k store nodes take at most k times the
 * bound.
 */
final class EventNames {

    /** What a name names: an event's kind, or a column of the report ({@link #column}). */
    enum Kind {
        FEATURE("feature names"), ERROR("error names"), OPERATION("operation names"),
        /** A key of {@code usage} or {@code features.counts} ({@link UsageRows}), with its source. */
        USAGE_KEY("usage keys"),
        PRODUCT_VERSION("product versions"), OS_NAME("OS names"), JAVA_VERSION("Java versions"),
        DB_VENDOR("database vendors");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** True for a report column's values ({@code collector.store.max-column-values-per-day}). */
        boolean column() {
            return ordinal() >= PRODUCT_VERSION.ordinal();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(EventNames.class);
    static final int DAYS_KEPT = 3;

    private final int maxPerDay;
    private final int maxPerReport;
    private final int maxValuesPerDay;
    private final TreeMap<Long, Day> days = new TreeMap<>();

    /**
     * @param maxPerDay distinct new event names of one kind taken per day, at least 1
     * @param maxValuesPerDay distinct new values of one report column taken per day, at least 1
     */
    EventNames(int maxPerDay, int maxValuesPerDay) {
        this.maxPerDay = maxPerDay;
        this.maxPerReport = Math.max(1, maxPerDay / 20);
        this.maxValuesPerDay = maxValuesPerDay;
    }

    /**
     * Takes {@code name}, of {@code kind}, as seen on {@code seenDay} (the last day it was stored) and counted as new
     * on {@code firstDay} (the first day it was stored) for {@code product} (a report column's; ignored for event
     * names, counted across products), without a report's share: the store's rows at start.
     */
    synchronized void seed(long seenDay, long firstDay, Kind kind, String product, String name) {
        day(seenDay).seen.get(kind).add(name);
        day(firstDay).counted.merge(budget(kind, product), 1, Integer::sum);
    }

    /** The admissions of one report received on {@code epochDay}: its event names, counted across products. */
    Report report(long epochDay) {
        return new Report(epochDay, null);
    }

    /** The admissions of one report of {@code product} received on {@code epochDay}: its columns', per product. */
    Report report(long epochDay, String product) {
        return new Report(epochDay, product);
    }

    /** One report's admissions: counts the new names it brings. */
    final class Report {

        private final long day;
        private final String product;
        private final Map<Kind, Integer> brought = new EnumMap<>(Kind.class);

        private Report(long day, String product) {
            this.day = day;
            this.product = product;
        }

        /** Whether {@code name}, of {@code kind}, is stored under its own name. */
        boolean admit(Kind kind, String name) {
            return EventNames.this.admit(this, kind, name);
        }
    }

    private synchronized boolean admit(Report report, Kind kind, String name) {
        if (name.equals("other")) {
            return true;
        }
        boolean taken = days.values().stream().anyMatch(kept -> kept.seen.get(kind).contains(name));
        if (!days.isEmpty() && report.day <= days.lastKey() - DAYS_KEPT) {
            return taken;
        }
        Day day = day(report.day);
        if (taken) { // seen again: seen on this day too, so that it stays taken while it is sent; not new
            day.seen.get(kind).add(name);
            return true;
        }
        if (!kind.column() && report.brought.getOrDefault(kind, 0) >= maxPerReport) {
            return false;
        }
        Budget budget = budget(kind, report.product);
        int max = kind.column() ? maxValuesPerDay : maxPerDay;
        if (day.counted.getOrDefault(budget, 0) >= max) {
            if (day.full.add(budget)) {
                LOG.info("collector.store.max-{}-per-day ({}) reached for {}{} received on {}: further new ones are"
                        + " stored as other{}", kind.column() ? "column-values" : "event-names", max, kind.label,
                        kind.column() ? " of product '" + budget.product() + "'" : "", LocalDate.ofEpochDay(report.day),
                        kind.column() ? "" : " (operations and usage keys: not stored)");
            }
            return false;
        }
        day.seen.get(kind).add(name);
        day.counted.merge(budget, 1, Integer::sum);
        report.brought.merge(kind, 1, Integer::sum);
        return true;
    }

    /** What the new names of {@code kind} count against: a report column's, per product; event names', per kind. */
    private static Budget budget(Kind kind, String product) {
        return new Budget(kind, kind.column() ? (product == null ? "" : product) : null);
    }

    /** A day's bound of new names: of a kind, and for a report column, of a product (null: all products). */
    private record Budget(Kind kind, String product) {
    }

    /** The entry of {@code epochDay}, made if missing; only the last {@value #DAYS_KEPT} entries are kept. */
    private Day day(long epochDay) {
        Day day = days.computeIfAbsent(epochDay, d -> new Day());
        while (days.size() > DAYS_KEPT) {
            days.pollFirstEntry();
        }
        return day;
    }

    /**
     * One day's names seen (taken: new or seen again), by kind; how many new ones were counted, by budget; the budgets
     * whose bound was reached (logged).
     */
    private static final class Day {

        private final Map<Kind, Set<String>> seen = new EnumMap<>(Kind.class);
        private final Map<Budget, Integer> counted = new HashMap<>();
        private final Set<Budget> full = new HashSet<>();

        Day() {
            for (Kind kind : Kind.values()) {
                seen.put(kind, new HashSet<>());
            }
        }
    }
}
