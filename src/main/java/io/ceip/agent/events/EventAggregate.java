package io.ceip.agent.events;

import io.ceip.agent.events.DurationHistogram.DurationSummary;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running aggregate of accepted events: counts per feature name, one {@link DurationHistogram} per operation,
 * and per error fingerprint the exception type, the product's own frames and a count. It holds only what may leave
 * at full consent: names already mapped to a declared name or {@value EventCatalog#OTHER} by the
 * {@link EventRecorder}, never a message. Bounded: at most {@code maxNames} distinct feature names and as many
 * operations, and {@code maxFingerprints} fingerprints; what comes past a bound is counted under
 * {@value EventCatalog#OTHER} (and in {@link #overflow()}). A count past {@link Long#MAX_VALUE} throws
 * {@link ArithmeticException}, never turns negative. Not thread-safe: its owner ({@link EventStore}) guards it.
 */
public final class EventAggregate {

    /** One error fingerprint: its exception type, the own frames without line numbers, how often it was seen. */
    public record ErrorSummary(String exception, long count, List<String> frames) {
    }

    /** What the report carries: plain maps of declared names (or other) and fingerprints, sorted. */
    public record Summary(Map<String, Long> features, Map<String, ErrorSummary> errors,
            Map<String, DurationSummary> durations) {

        public boolean isEmpty() {
            return features.isEmpty() && errors.isEmpty() && durations.isEmpty();
        }
    }

    private final int maxNames;
    private final int maxFingerprints;
    private final Map<String, Long> features = new HashMap<>();
    private final Map<String, ErrorSummary> errors = new HashMap<>();
    private final Map<String, DurationHistogram> durations = new HashMap<>();
    private long overflow;

    public EventAggregate(int maxNames, int maxFingerprints) {
        this.maxNames = maxNames;
        this.maxFingerprints = maxFingerprints;
    }

    /** Counts {@code count} uses of feature {@code name} (declared, or other). */
    public void feature(String name, long count) {
        Long known = features.get(name);
        if (known != null) {
            features.put(name, Math.addExact(known, count));
            return;
        }
        String key = EventCatalog.OTHER.equals(name) || features.containsKey(name) || distinct(features) < maxNames
                ? name : overflowed(count);
        features.merge(key, count, Math::addExact);
    }

    /** Counts {@code count} errors of fingerprint {@code fingerprint}. */
    public void error(String fingerprint, String exception, List<String> frames, long count) {
        ErrorSummary known = errors.get(fingerprint);
        if (known == null && !EventCatalog.OTHER.equals(fingerprint) && distinct(errors) >= maxFingerprints) {
            overflowed(count);
            fingerprint = EventCatalog.OTHER;
            exception = EventCatalog.OTHER;
            frames = List.of();
            known = errors.get(fingerprint);
        }
        errors.put(fingerprint, known == null ? new ErrorSummary(exception, count, List.copyOf(frames))
                : new ErrorSummary(known.exception(), Math.addExact(known.count(), count), known.frames()));
    }

    /** Counts one duration of {@code operation} (declared, or other). */
    public void duration(String operation, long millis) {
        DurationHistogram known = durations.get(operation);
        (known != null ? known : histogram(operation, 1)).add(millis);
    }

    /** The histogram of {@code operation}, made if new (within the bound; past it, other's). */
    DurationHistogram histogram(String operation, long count) {
        String key = EventCatalog.OTHER.equals(operation) || durations.containsKey(operation)
                || distinct(durations) < maxNames ? operation : overflowed(count);
        return durations.computeIfAbsent(key, k -> new DurationHistogram());
    }

    /** Adds everything {@code other} counted. */
    public void addAll(EventAggregate other) {
        other.features.forEach(this::feature);
        other.errors.forEach((fingerprint, e) -> error(fingerprint, e.exception(), e.frames(), e.count()));
        other.durations.forEach((operation, h) -> histogram(operation, h.count()).addAll(h));
    }

    /** Adds everything {@code other} counted, and what it counted under other past a bound ({@link #overflow()}). */
    public void absorb(EventAggregate other) {
        addAll(other);
        overflow += other.overflow;
    }

    /** A copy with the same bounds. */
    public EventAggregate copy() {
        EventAggregate copy = new EventAggregate(maxNames, maxFingerprints);
        copy.addAll(this);
        copy.overflow = overflow;
        return copy;
    }

    /** A copy (with these bounds) with what {@code other} counted added. */
    public EventAggregate plus(EventAggregate other) {
        EventAggregate sum = copy();
        sum.addAll(other);
        return sum;
    }

    public boolean isEmpty() {
        return features.isEmpty() && errors.isEmpty() && durations.isEmpty();
    }

    /** How many events were counted under other because a bound was reached. */
    public long overflow() {
        return overflow;
    }

    public Summary summary() {
        Map<String, DurationSummary> summaries = new TreeMap<>();
        durations.forEach((operation, h) -> summaries.put(operation, h.summary()));
        return new Summary(Collections.unmodifiableMap(new TreeMap<>(features)),
                Collections.unmodifiableMap(new TreeMap<>(errors)), Collections.unmodifiableMap(summaries));
    }

    Map<String, Long> features() {
        return features;
    }

    Map<String, ErrorSummary> errors() {
        return errors;
    }

    Map<String, DurationHistogram> durations() {
        return durations;
    }

    private static int distinct(Map<String, ?> map) {
        return map.size() - (map.containsKey(EventCatalog.OTHER) ? 1 : 0);
    }

    private String overflowed(long count) {
        overflow += count;
        return EventCatalog.OTHER;
    }
}
