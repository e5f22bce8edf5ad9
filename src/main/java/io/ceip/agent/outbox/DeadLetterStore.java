package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.files.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reports not yet delivered, one entry per report in a directory:
 * {@code <reportId>.json.gz} holds the exact gzip body that is sent, {@code <reportId>.meta.json} its
 * {@link DeadLetter} metadata. Every file is written with {@link AtomicFiles} (temporary file, fsync, atomic
 * rename), the body before the metadata, so an entry exists only once both are complete.
 * <p>
 * A report is stored <em>before</em> its first delivery attempt and deleted after a 2xx, so a crash at any moment
 * loses nothing that was generated. Entries never expire: they leave by delivery, by an operator's purge, or by
 * the bound ({@code maxEntries}, {@code maxBytes}): when it is passed, the oldest pending entries (then, when none is
 * left, the oldest rejected ones) are evicted with a warning, counted ({@link #evicted()}) and recorded in the
 * ledger ({@link DeadLetterBound}). One process owns the store ({@link StoreOwnership}): it alone recovers it.
 * <p>
 * The store reads only regular files it wrote, as {@link DeadLetterFiles} defines them: a link (symbolic or hard), a
 * file of another owner, a name it does not give, a size or a metadata field out of range is quarantined at start
 * ({@link #recover()}) and skipped while the agent runs (one WARN line per entry), never read as an entry nor sent;
 * the other entries are delivered as usual. Its files are {@code 0600} and its directories {@code 0700}
 * ({@link AtomicFiles}).
 */
public final class DeadLetterStore {

    private static final String BODY = DeadLetterFiles.BODY;
    private static final String META = DeadLetterFiles.META;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final Path directory;
    private final Supplier<ObjectMapper> mapper;
    private final Clock clock;
    private final DeadLetterBound bound;
    private final DeadLetterReader reader;
    private final DeliveryLedger ledger;

    /** An unbounded store (for reading one, as the status command does). */
    public DeadLetterStore(Path directory, Supplier<ObjectMapper> mapper, Clock clock) {
        this(directory, mapper, clock, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    public DeadLetterStore(Path directory, Supplier<ObjectMapper> mapper, Clock clock, int maxEntries, long maxBytes) {
        this(directory, mapper, clock, maxEntries, maxBytes, null);
    }

    /** @param ledger where each eviction by the bound is recorded ({@code outcome=EVICTED}), or null */
    public DeadLetterStore(Path directory, Supplier<ObjectMapper> mapper, Clock clock, int maxEntries, long maxBytes,
            DeliveryLedger ledger) {
        this.ledger = ledger;
        this.directory = directory;
        this.mapper = mapper;
        this.clock = clock;
        this.bound = new DeadLetterBound(maxEntries, maxBytes);
        this.reader = new DeadLetterReader(directory, mapper);
    }

    public Path directory() {
        return directory;
    }

    /** Stores a new report as {@code pending}, before any attempt to send it. */
    public void savePending(String reportId, byte[] gzipBody) {
        save(DeadLetter.pending(reportId, now(), null), gzipBody, new ReportClaims(StoreOwnership.sole()));
    }

    /**
     * Stores {@code entry} as it is, with its body (a new report, or one kept in memory while the store could not be
     * written); the bound then evicts none of the reports {@code claims} says are being delivered.
     */
    void save(DeadLetter entry, byte[] gzipBody, ReportClaims claims) {
        AtomicFiles.write(file(entry.reportId(), BODY), gzipBody);
        writeMeta(entry);
        bound.enforce(this, entry.reportId(), claims, ledger);
    }

    /** Entries and stray files set aside since start: quarantined by {@link #recover()}, or skipped while running. */
    public long quarantined() {
        return reader.quarantined.get();
    }

    /** Entries evicted by the bound since start. */
    public long evicted() {
        return bound.evicted();
    }

    /** Bytes of all stored bodies. */
    public long totalBytes() {
        return entries().stream().mapToLong(e -> size(e.reportId())).sum();
    }

    /** Writes the metadata of a rejected entry put back to pending (an operator's decision: {@link KeptReports}). */
    void requeue(DeadLetter requeued) {
        writeMeta(requeued);
    }

    /**
     * Makes the store consistent after a crash, at start-up, and sets aside what it did not write
     * ({@link DeadLetterRecovery}): leftover temporary files are deleted; a complete body whose metadata was never
     * written gets pending metadata (so it is still sent); an entry that is torn or not the store's own (no body,
     * a body that is not complete gzip, metadata that does not parse, of an unknown version or out of range, a link, a
     * file of another owner) and any other name are moved to {@code quarantine/} with one warning each, never sent;
     * an entry a later version of the agent kept is left as it is for it ({@link LaterVersions}), in one line;
     * the quarantine is then held within the store's bound ({@link DeadLetterBound#holdQuarantine}). Nothing is created when the directory does not exist. Returns how many things were quarantined.
     */
    public synchronized int recover() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try {
            int found = new DeadLetterRecovery(directory, mapper.get(), reportId -> writeMeta(
                    DeadLetter.pending(reportId, now(), null)), reader.refused, bound.later()).run();
            reader.quarantined.addAndGet(found);
            bound.holdQuarantine(directory.resolve(DeadLetterFiles.QUARANTINE));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the dead-letter store " + directory, e);
        }
    }

    /** Bytes of the entry's stored body; 0 when it is not a body the store wrote, or absent. */
    public long size(String reportId) {
        try {
            Path body = file(reportId, BODY);
            return DeadLetterFiles.problem(body, 1, DeadLetterFiles.MAX_BODY_BYTES) == null ? Files.size(body) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Replaces the stored body of an existing entry (after consent was lowered). */
    public void replaceBody(String reportId, byte[] gzipBody) {
        if (read(reportId).isPresent()) {
            AtomicFiles.write(file(reportId, BODY), gzipBody);
        }
    }

    /** Records failed attempts; the entry stays {@code pending} and will be re-sent. */
    public DeadLetter recordFailure(String reportId, String status, int attempts) {
        DeadLetter updated = read(reportId).orElseThrow(() -> missing(reportId))
                .failed(now(), status, attempts, DeadLetter.PENDING, null);
        writeMeta(updated);
        return updated;
    }

    /**
     * Marks the entry {@code rejected}: the collector refused it; it is kept but not re-sent automatically.
     *
     * @param answer the start of the collector's answer, already redacted and bounded, or null
     */
    public DeadLetter reject(String reportId, String status, int attempts, String answer) {
        DeadLetter updated = read(reportId).orElseThrow(() -> missing(reportId))
                .failed(now(), status, attempts, DeadLetter.REJECTED, answer);
        writeMeta(updated);
        return updated;
    }

    /** Removes the entry. Removing an absent entry does nothing. */
    public void delete(String reportId) {
        delete(reportId, body -> { });
    }

    /**
     * Removes the entry after its delivery: its metadata first (the entry is gone), then its body is given to
     * {@code keepBody} (which may move it away: {@link SentReports}), then whatever is left of it is removed.
     */
    public void delete(String reportId, Consumer<Path> keepBody) {
        try {
            Files.deleteIfExists(file(reportId, META));
            keepBody.accept(file(reportId, BODY));
            Files.deleteIfExists(file(reportId, BODY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete dead letter " + reportId + " in " + directory, e);
        }
    }

    /**
     * The stored gzip body of an entry; refused ({@link java.io.UncheckedIOException}) when it is not a file the store
     * wrote or not the entry's own report ({@link StoredReportBody}): then the entry is skipped from then on, with one
     * warning, and quarantined by the next start.
     */
    public byte[] body(String reportId) {
        return reader.body(reportId);
    }

    /**
     * The metadata of one entry, if it exists and is the store's own: an entry whose files or metadata are not
     * ({@link DeadLetterFiles}) is skipped from then on, with one warning, and quarantined by the next start.
     */
    public Optional<DeadLetter> read(String reportId) {
        return reader.read(reportId);
    }

    /** Every entry, oldest first. */
    public List<DeadLetter> entries() {
        return reader.entries();
    }

    /** The {@code pending} entries, oldest first. */
    public List<DeadLetter> pending() {
        return entries().stream().filter(e -> DeadLetter.PENDING.equals(e.state())).toList();
    }

    /** Number of entries in state {@code state}. */
    public long count(String state) {
        return entries().stream().filter(e -> state.equals(e.state())).count();
    }

    private void writeMeta(DeadLetter entry) {
        try {
            AtomicFiles.write(file(entry.reportId(), META), DeadLetterJson.write(entry, mapper.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dead letter metadata for " + entry.reportId(), e);
        }
    }

    private Path file(String reportId, String suffix) {
        return file(directory, reportId, suffix);
    }

    /** The file {@code <reportId><suffix>} in {@code directory}; refuses anything but a report ID. */
    static Path file(Path directory, String reportId, String suffix) {
        if (reportId == null || !DeadLetterFiles.REPORT_ID.matcher(reportId).matches()) {
            throw new IllegalArgumentException("not a report ID: '" + reportId + "'");
        }
        return directory.resolve(reportId + suffix);
    }

    private String now() {
        return clock.instant().toString();
    }

    private IllegalStateException missing(String reportId) {
        return new IllegalStateException("dead letter " + reportId + " is not in " + directory);
    }
}
