package io.ceip.agent.outbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The reports the dead-letter store could not write (disk full, permissions), kept in memory, oldest first, at most
 * {@code bound} of them: {@link #keep} returns the ones it had to let go. Thread-safe. {@link DeliveryQueue} moves
 * them to disk when the store can be written again.
 */
final class UnsavedReports {

    /** A report kept in memory: its entry (as the store would hold it) and its gzip body. */
    record Unsaved(DeadLetter entry, byte[] body) {
    }

    private final int bound;
    private final Map<String, Unsaved> reports = new LinkedHashMap<>();

    /** @param bound the most reports kept ({@code ceip.dead-letter.memory-entries}) */
    UnsavedReports(int bound) {
        this.bound = bound;
    }

    /**
     * Keeps {@code entry} with {@code body}; returns the IDs of the oldest reports let go past the bound, none of
     * those {@code inDelivery} says are being delivered (their bodies are held by their deliveries anyway: they count
     * against the bound again once those end).
     */
    synchronized List<String> keep(DeadLetter entry, byte[] body, Predicate<String> inDelivery) {
        reports.put(entry.reportId(), new Unsaved(entry, body));
        List<String> dropped = new ArrayList<>();
        for (Iterator<String> oldest = reports.keySet().iterator(); reports.size() > bound && oldest.hasNext(); ) {
            String id = oldest.next();
            if (!inDelivery.test(id)) {
                oldest.remove();
                dropped.add(id);
            }
        }
        return dropped;
    }

    synchronized Optional<Unsaved> get(String reportId) {
        return Optional.ofNullable(reports.get(reportId));
    }

    /** Changes the report {@code reportId} when it is kept here; false when it is not. */
    synchronized boolean update(String reportId, UnaryOperator<Unsaved> change) {
        return reports.computeIfPresent(reportId, (id, unsaved) -> change.apply(unsaved)) != null;
    }

    /** Lets the report go; false when it was not kept here. */
    synchronized boolean forget(String reportId) {
        return reports.remove(reportId) != null;
    }

    /** The reports kept, oldest first. */
    synchronized List<Unsaved> all() {
        return List.copyOf(reports.values());
    }

    int bound() {
        return bound;
    }

    synchronized int size() {
        return reports.size();
    }
}
