package io.ceip.agent.outbox;

import io.ceip.agent.outbox.UnsavedReports.Unsaved;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every report a {@link DeliveryQueue} keeps: those in the dead-letter store and those in memory while the store
 * cannot be written. What an operator's purge, discard and requeue act on, and what the counts count, so that a report
 * kept in memory is never left out of them (a purged one would be sent by the next replay). A change to one report is
 * made while it is claimed ({@link DeliveryQueue#whileUnclaimed}).
 */
public final class KeptReports {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final DeadLetterStore store;
    private final UnsavedReports memory;

    KeptReports(DeadLetterStore store, UnsavedReports memory) {
        this.store = store;
        this.memory = memory;
    }

    /** Every kept report, oldest first; one in memory whose body also reached the disk is counted once. */
    public List<DeadLetter> entries() {
        List<DeadLetter> entries = new ArrayList<>(memory.all().stream().map(Unsaved::entry).toList());
        Set<String> inMemory = entries.stream().map(DeadLetter::reportId).collect(Collectors.toSet());
        store.entries().stream().filter(e -> !inMemory.contains(e.reportId())).forEach(entries::add);
        entries.sort(DeadLetter.OLDEST_FIRST);
        return entries;
    }

    /**
     * The pending reports, least recently tried first (never tried: by when they were stored), so that one the
     * collector keeps failing (a 500 for what it holds) goes to the back of the line and never holds up the others:
     * oldest first while none has failed since another.
     */
    public List<DeadLetter> pendingLeastRecentlyTriedFirst() {
        return entries().stream().filter(e -> DeadLetter.PENDING.equals(e.state()))
                .sorted(Comparator.comparing(DeadLetter::lastTried)).toList();
    }

    /** How many kept reports are in state {@code state}. */
    public long count(String state) {
        return entries().stream().filter(e -> state.equals(e.state())).count();
    }

    /** The report as it is kept now, or empty when it is no longer kept. */
    public Optional<DeadLetter> read(String reportId) {
        Optional<Unsaved> unsaved = memory.get(reportId);
        return unsaved.isPresent() ? unsaved.map(Unsaved::entry) : store.read(reportId);
    }

    /** The kept report's gzip body; {@link UncheckedIOException} when the stored one is refused or unreadable. */
    public byte[] body(String reportId) {
        return memory.get(reportId).map(Unsaved::body).orElseGet(() -> store.body(reportId));
    }

    /** Deletes the kept report unsent: from memory (and what of it reached the disk), or from the store. */
    public void delete(String reportId) {
        if (!memory.forget(reportId)) {
            store.delete(reportId);
            return;
        }
        try {
            store.delete(reportId); // a body that reached the disk before the store failed: not adopted again
        } catch (UncheckedIOException e) {
            LOG.warn("Report {} deleted from memory, but what of it reached the dead-letter store {} cannot be removed"
                    + " ({}); the next start may take it up", reportId, store.directory(), StoreProbe.reason(e));
        }
    }

    /** Replaces the body of a kept report (consent was lowered). */
    public void replaceBody(String reportId, byte[] gzipBody) {
        if (!memory.update(reportId, unsaved -> new Unsaved(unsaved.entry(), gzipBody))) {
            store.replaceBody(reportId, gzipBody);
        }
    }

    /** Puts the kept report back to pending when it is rejected; returns it as it is now, or empty when it was not. */
    public Optional<DeadLetter> requeue(String reportId) {
        Optional<DeadLetter> rejected = read(reportId).filter(e -> DeadLetter.REJECTED.equals(e.state()));
        if (rejected.isEmpty()) {
            return Optional.empty();
        }
        DeadLetter requeued = rejected.get().requeued();
        if (!memory.update(reportId, unsaved -> new Unsaved(requeued, unsaved.body()))) {
            store.requeue(requeued);
        }
        return Optional.of(requeued);
    }
}
