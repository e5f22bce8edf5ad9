package io.ceip.collector.store;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How many distinct event names the store takes in per day of receipt (UTC) and kind — feature names, error
 * fingerprints with their exception type, operation names — {@code collector.store.max-event-names-per-day}. The
 * fleet view groups the rows of its window by these names, so this bounds the work and the memory of each of its
 * event figures (window days × the bound groups at most): without it, reports inventing names (each may carry 1000
 * of each kind) made one fleet query hold every distinct name of the window at once (700 such reports, about 700,000
 * names a kind: the embedded H2 ran the node out of memory and closed its database). A name past the day's bound is
 * stored as {@code other} (a feature, an error) or not stored (an operation), as the per-report bound does. Counted
 * by each store node in memory (a restart begins the day again; k store nodes take at most k times the bound), the
 * names of the last {@value #DAYS_KEPT} days of receipt; a day's first names are taken, so a client inventing names
 * crowds out only the later new names of that day, never the names already taken.
 */
final class EventNames {

    /** What a name names. */
    enum Kind { FEATURE, ERROR, OPERATION }

    private static final int DAYS_KEPT = 3;

    private final int maxPerDay;
    private final TreeMap<Long, Map<Kind, Set<String>>> days = new TreeMap<>();

    /** @param maxPerDay distinct names of one kind taken per day, at least 1 */
    EventNames(int maxPerDay) {
        this.maxPerDay = maxPerDay;
    }

    /** Whether {@code name}, of {@code kind}, received on {@code epochDay}, is stored under its own name. */
    synchronized boolean admit(long epochDay, Kind kind, String name) {
        Map<Kind, Set<String>> day = days.get(epochDay);
        if (day == null) {
            if (days.size() >= DAYS_KEPT) {
                days.pollFirstEntry();
            }
            day = new EnumMap<>(Kind.class);
            days.put(epochDay, day);
        }
        Set<String> names = day.computeIfAbsent(kind, k -> new HashSet<>());
        return names.contains(name) || names.size() < maxPerDay && names.add(name);
    }
}
