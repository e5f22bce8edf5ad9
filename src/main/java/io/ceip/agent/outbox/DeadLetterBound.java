package io.ceip.agent.outbox;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter store's bound ({@code ceip.dead-letter.max-entries}, {@code ceip.dead-letter.max-bytes}): when a
 * new report passes it, the oldest pending entries are evicted, then, when no pending one is left, the oldest rejected
 * ones (a collector that rejects every report must not grow the store without end); never the new one, never one being
 * delivered. One WARN line each (logged as the store), counted, and one ledger line {@code outcome=EVICTED}.
 * <p>
 * Each save checks the bound. The check first counts the body files by their names and sizes alone, which can only
 * be more than the entries and bytes the store holds; only when that is past the bound are the entries read (every
 * metadata file). One save into a store of about 1,050 entries (bound 1,200): median 92–95 ms before, 4.7–5.9 ms
 * after, most of it the two fsyncs; filling an empty store with 1,000 entries: 46–50 s before, 3.5 s after (2 cores,
 * load under 1, 2026-12-03, two runs each of a small program over {@code DeadLetterStore}: the issue 17 note).
 */
final class DeadLetterBound {

    /** The ledger outcome of an evicted report. */
    static final String OUTCOME = "EVICTED";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final int maxEntries;
    private final long maxBytes;
    private final AtomicLong evicted = new AtomicLong();

    DeadLetterBound(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * Evicts from {@code store} until it is within the bound, keeping the entry {@code keep} and every entry claimed
     * (being delivered, by this process or another: {@code claims}): the oldest pending entries first, then, once no
     * pending one is left to evict, the oldest rejected ones. Each eviction is one WARN line, counted, and one ledger
     * line {@value #OUTCOME} in {@code ledger} (when there is one).
     */
    void enforce(DeadLetterStore store, String keep, ReportClaims claims, DeliveryLedger ledger) {
        synchronized (store) { // as the store's recovery
            if (surelyWithin(store.directory())) {
                return;
            }
            List<DeadLetter> entries = store.entries();
            long[] left = {entries.size(), store.totalBytes()};
            for (String state : List.of(DeadLetter.PENDING, DeadLetter.REJECTED)) {
                for (DeadLetter oldest : entries) {
                    if (left[0] <= maxEntries && left[1] <= maxBytes) {
                        return;
                    }
                    if (!oldest.reportId().equals(keep) && state.equals(oldest.state())
                            && claims.take(oldest.reportId())) {
                        try {
                            evict(store, oldest, ledger, left);
                        } finally {
                            claims.release(oldest.reportId());
                        }
                    }
                }
            }
        }
    }

    private void evict(DeadLetterStore store, DeadLetter oldest, DeliveryLedger ledger, long[] left) {
        String id = oldest.reportId();
        if (store.read(id).filter(e -> e.state().equals(oldest.state())).isEmpty()) {
            return; // gone or changed meanwhile (another process)
        }
        long size = store.size(id);
        byte[] body;
        try {
            body = store.body(id);
        } catch (java.io.UncheckedIOException e) { // not the store's own: evicted all the same, without a digest
            body = null;
        }
        store.delete(id);
        left[0]--;
        left[1] -= size;
        evicted.incrementAndGet();
        if (ledger != null) {
            ledger.record(id, body == null ? "-" : DeliveryLedger.sha256(body), body == null ? 0 : body.length,
                    OUTCOME, oldest.attempts());
        }
        if (DeadLetter.PENDING.equals(oldest.state())) {
            LOG.warn("Dead-letter store full ({} entries, {} bytes at most): oldest pending report {} evicted",
                    maxEntries, maxBytes, id);
        } else {
            LOG.warn("Dead-letter store full ({} entries, {} bytes at most) of rejected reports: oldest rejected report"
                    + " {} evicted unsent (rejected with {}: the collector refuses reports; check the endpoint's token"
                    + " and ceip.product.name, then requeue)", maxEntries, maxBytes, id, oldest.lastStatus());
        }
    }

    /**
     * Whether the body files of {@code directory} (every {@code *.json.gz}, whatever it is) are no more than
     * {@code maxEntries} and their sizes no more than {@code maxBytes}: then the entries, each with one such body, are
     * within the bound too. False when the directory cannot be listed (the entries decide then).
     */
    private boolean surelyWithin(Path directory) {
        int bodies = 0;
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + DeadLetterFiles.BODY)) {
            for (Path body : files) {
                bodies++;
                bytes += Files.readAttributes(body, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
                if (bodies > maxEntries || bytes > maxBytes) {
                    return false;
                }
            }
            return true;
        } catch (IOException | DirectoryIteratorException e) {
            return false;
        }
    }

    /** What a later version kept, left at start within this bound ({@link LaterVersions}). */
    LaterVersions later() {
        return new LaterVersions(maxEntries, maxBytes);
    }

    /**
     * Holds the store's {@code quarantine/} within the same bound, at start after the recovery: at most two files an
     * entry ({@code 2 × maxEntries}) and {@code maxBytes} bytes; past either, its oldest files (by their last change,
     * which a move there keeps; of one time, by name) are deleted, in one WARN line. Nothing there is ever sent, and a
     * store that found foreign or torn files at every start would otherwise grow without end. A link is deleted itself; a directory
     * (moved there as a stray) is left. Its memory is bounded by the files kept, however many are there.
     */
    void holdQuarantine(Path quarantine) {
        if (!Files.isDirectory(quarantine, LinkOption.NOFOLLOW_LINKS)) {
            return; // none yet; a quarantine that is not a directory of the store's own was set aside by the recovery
        }
        long keep = 2L * maxEntries;
        PriorityQueue<Held> kept = new PriorityQueue<>(Comparator.comparing(Held::changed)
                .thenComparing(held -> held.file().getFileName().toString())); // ties: by name, not listing order
        long bytes = 0;
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(quarantine)) {
            for (Path file : files) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (!attributes.isDirectory()) {
                    kept.add(new Held(file, attributes.lastModifiedTime(), attributes.size()));
                    bytes += attributes.size();
                }
                while (kept.size() > keep || bytes > maxBytes && kept.size() > 0) {
                    Held oldest = kept.poll();
                    bytes -= oldest.size();
                    deleted += Files.deleteIfExists(oldest.file()) ? 1 : 0;
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.warn("Dead-letter store: {} could not be held within the store's bound ({})", quarantine,
                    e.getClass().getSimpleName());
        }
        if (deleted > 0) {
            LOG.warn("Dead-letter store: the {} oldest file(s) of {} deleted to hold it within ceip.dead-letter"
                    + ".max-entries (two files an entry) and ceip.dead-letter.max-bytes; {} kept", deleted, quarantine,
                    kept.size());
        }
    }

    private record Held(Path file, FileTime changed, long size) {
    }

    /** Entries evicted since start. */
    long evicted() {
        return evicted.get();
    }
}
