package io.ceip.collector.store;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many distinct event names the store takes in per day of receipt (UTC) and kind — feature names, error
 * fingerprints with their exception type, operation names — {@code collector.store.max-event-names-per-day}, and
 * how many distinct values of each report column the fleet view counts — product version (per product), OS name,
 * Java version, database vendor — {@code collector.store.max-column-values-per-day}. The fleet view groups the rows
 * of its window by these names and values, so this bounds the work and the memory of each of its figures: without
 * it, reports inventing names (each may carry 1000 of each kind) made one fleet query hold every distinct name of
 * the window at once (700 such reports, about 700,000 names a kind: the embedded H2 ran the node out of memory and
 * closed its database), and 10⁶ reports with distinct versions, OS, Java and database names ran a 512 MiB node out
 * of memory at one {@code /fleet}. A name the store does not take is stored as {@code other} (a feature, an error,
 * a column's value) or not stored (an operation), as the per-report bound does; {@code other} itself is always taken.
 * <ul>
 * <li>A name taken on one of the last {@value #DAYS_KEPT} days of receipt is taken again without counting, and is
 * seen on its day too: a name stays taken while it is sent at least once every {@value #DAYS_KEPT} days of receipt, so
 * a client inventing names after midnight cannot push out the names the fleet already sends.</li>
 * <li>One report brings at most a twentieth of the day's bound of new event names of a kind (100 at the default); a
 * report has one value of each column.</li>
 * <li>A day older than the last {@value #DAYS_KEPT} (a Kafka backlog) takes only names already taken: it never gets
 * a fresh bound.</li>
 * <li>One INFO line per kind and day when the bound is reached.</li>
 * </ul>
 * So a window of d days holds at most d times the bound of new names of each kind, plus the names taken before it
 * and sent again in it: the names taken grow by at most the bound a day, and only as long as every one of them is
 * sent again at least once every {@value #DAYS_KEPT} days. Counted by each store node in memory, from what the
 * database holds of the last {@value #DAYS_KEPT} days when it starts ({@link #seed}: each name seen on the last day
 * it was stored, counted as new on the first), so that a restart neither grants a fresh bound nor drops the names
 * the fleet sends; k store nodes take at most k times the bound.
 */
final class EventNames {

    /** What a name names: an event's kind, or a column of the report ({@link #column}). */
    enum Kind {
        FEATURE("feature names"), ERROR("error names"), OPERATION("operation names"),
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
     * on {@code firstDay} (the first day it was stored), without a report's share: the store's rows at start.
     */
    synchronized void seed(long seenDay, long firstDay, Kind kind, String name) {
        day(seenDay).seen.get(kind).add(name);
        day(firstDay).counted.merge(kind, 1, Integer::sum);
    }

    /** The admissions of one report received on {@code epochDay}. */
    Report report(long epochDay) {
        return new Report(epochDay);
    }

    /** One report's admissions: counts the new names it brings. */
    final class Report {

        private final long day;
        private final Map<Kind, Integer> brought = new EnumMap<>(Kind.class);

        private Report(long day) {
            this.day = day;
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
        int max = kind.column() ? maxValuesPerDay : maxPerDay;
        if (day.counted.getOrDefault(kind, 0) >= max) {
            if (day.full.add(kind)) {
                LOG.info("collector.store.max-{}-per-day ({}) reached for {} received on {}: further new ones are"
                        + " stored as other{}", kind.column() ? "column-values" : "event-names", max, kind.label,
                        LocalDate.ofEpochDay(report.day), kind.column() ? "" : " (operations: not stored)");
            }
            return false;
        }
        day.seen.get(kind).add(name);
        day.counted.merge(kind, 1, Integer::sum);
        report.brought.merge(kind, 1, Integer::sum);
        return true;
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
     * One day's names seen (taken: new or seen again) and how many new ones were counted, by kind; the kinds whose
     * bound was reached (logged).
     */
    private static final class Day {

        private final Map<Kind, Set<String>> seen = new EnumMap<>(Kind.class);
        private final Map<Kind, Integer> counted = new EnumMap<>(Kind.class);
        private final Set<Kind> full = EnumSet.noneOf(Kind.class);

        Day() {
            for (Kind kind : Kind.values()) {
                seen.put(kind, new HashSet<>());
            }
        }
    }
}
