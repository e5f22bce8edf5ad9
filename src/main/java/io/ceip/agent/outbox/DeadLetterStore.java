package io.ceip.agent.outbox;

import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.files.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.function.Supplier;

/**
 * The reports not yet delivered, one entry per report in a directory:
 * {@code <reportId>.json.gz} holds the exact gzip body that is sent, {@code <reportId>.meta.json} its
 * {@link DeadLetter} metadata. Every file is written with {@link AtomicFiles} (temporary file, fsync, atomic
 * rename), the body before the metadata, so an entry exists only once both are complete.
 * <p>
 * A report is stored <em>before</em> its first delivery attempt and deleted after a 2xx, so a crash at any moment
 * loses nothing that was generated. Entries never expire: they leave by delivery, by an operator's purge, or by
 * the bound ({@code maxEntries}, {@code maxBytes}): when it is passed, the oldest pending entries are evicted with a
 * warning and counted ({@link #evicted()}).
 * <p>
 * The store reads only regular files it wrote, as {@link DeadLetterFiles} defines them: a link (symbolic or hard), a
 * file of another owner, a name it does not give, a size or a metadata field out of range is quarantined at start
 * ({@link #recover()}) and skipped while the agent runs (one WARN line per entry), never read as an entry nor sent;
 * the other entries are delivered as usual. Its files are {@code 0600} and its directories {@code 0700}
 * ({@link AtomicFiles}).
 */
public final class DeadLetterStore {

    private static final Pattern REPORT_ID = DeadLetterFiles.REPORT_ID;
    private static final String BODY = DeadLetterFiles.BODY;
    private static final String META = DeadLetterFiles.META;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeadLetterStore.class);

    private final Path directory;
    private final Supplier<ObjectMapper> mapper;
    private final Clock clock;
    private final int maxEntries;
    private final long maxBytes;
    private final java.util.concurrent.atomic.AtomicLong evicted = new java.util.concurrent.atomic.AtomicLong();
    private final Set<String> removing = ConcurrentHashMap.newKeySet();
    /** Entries found not to be the store's own while running (logged once each): never read nor sent. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong quarantined = new java.util.concurrent.atomic.AtomicLong();
    /** One thread for removals of delivered entries, started by the first one and gone after a minute idle. */
    private final ThreadPoolExecutor remover = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "ceip-dead-letter-remover");
                thread.setDaemon(true);
                return thread;
            });

    /** An unbounded store (for reading one, as the status command does). */
    public DeadLetterStore(Path directory, Supplier<ObjectMapper> mapper, Clock clock) {
        this(directory, mapper, clock, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    public DeadLetterStore(Path directory, Supplier<ObjectMapper> mapper, Clock clock, int maxEntries, long maxBytes) {
        this.directory = directory;
        this.mapper = mapper;
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        remover.allowCoreThreadTimeOut(true);
    }

    public Path directory() {
        return directory;
    }

    /** Stores a new report as {@code pending}, before any attempt to send it. */
    public void savePending(String reportId, byte[] gzipBody) {
        Path body = file(reportId, BODY);
        AtomicFiles.write(body, gzipBody);
        writeMeta(DeadLetter.pending(reportId, now()));
        enforceBound(reportId);
    }

    private synchronized void enforceBound(String keep) {
        List<DeadLetter> entries = entries();
        long bytes = totalBytes();
        for (DeadLetter oldest : entries) {
            if (entries.size() <= maxEntries && bytes <= maxBytes) {
                return;
            }
            if (oldest.reportId().equals(keep) || !DeadLetter.PENDING.equals(oldest.state())) {
                continue;
            }
            long size = size(oldest.reportId());
            delete(oldest.reportId());
            entries = entries.stream().filter(e -> !e.reportId().equals(oldest.reportId())).toList();
            bytes -= size;
            evicted.incrementAndGet();
            LOG.warn("Dead-letter store full ({} entries, {} bytes at most): oldest pending report {} evicted",
                    maxEntries, maxBytes, oldest.reportId());
        }
    }

    /** Entries and stray files set aside since start: quarantined by {@link #recover()}, or skipped while running. */
    public long quarantined() {
        return quarantined.get();
    }

    /** Entries evicted by the bound since start. */
    public long evicted() {
        return evicted.get();
    }

    /** Bytes of all stored bodies. */
    public long totalBytes() {
        return entries().stream().mapToLong(e -> size(e.reportId())).sum();
    }

    /** Puts every rejected entry back to pending (an operator's decision); returns how many. */
    public int requeueRejected() {
        int count = 0;
        for (DeadLetter entry : entries()) {
            if (DeadLetter.REJECTED.equals(entry.state())) {
                writeMeta(entry.requeued());
                count++;
            }
        }
        return count;
    }

    /** Deletes every entry (an operator's decision); returns how many. */
    public int purge() {
        List<DeadLetter> entries = entries();
        entries.forEach(entry -> delete(entry.reportId()));
        return entries.size();
    }

    /**
     * Makes the store consistent after a crash, at start-up, and sets aside what it did not write
     * ({@link DeadLetterRecovery}): leftover temporary files are deleted; a complete body whose metadata was never
     * written gets pending metadata (so it is still sent); an entry that is torn or not the store's own (no body,
     * a body that is not complete gzip, metadata that does not parse, of another version or out of range, a link, a
     * file of another owner) and any other name are moved to {@code quarantine/} with one warning each, never sent.
     * Nothing is created when the directory does not exist. Returns how many things were quarantined.
     */
    public synchronized int recover() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try {
            int found = new DeadLetterRecovery(directory, mapper.get(), clock.instant(),
                    reportId -> writeMeta(DeadLetter.pending(reportId, now())), refused).run();
            quarantined.addAndGet(found);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the dead-letter store " + directory, e);
        }
    }

    private long size(String reportId) {
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

    /** Removes the entry (after delivery). Removing an absent entry does nothing. */
    public void delete(String reportId) {
        try {
            Files.deleteIfExists(file(reportId, META));
            Files.deleteIfExists(file(reportId, BODY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete dead letter " + reportId + " in " + directory, e);
        }
    }

    /**
     * Removes a delivered entry on the store's remover thread, so that a replay's next request does not wait for
     * the file system; until then the entry is invisible ({@link #read}, {@link #entries}). A crash in between
     * leaves it to be sent again under the same report ID (the collector's idempotency key), as a crash between the
     * answer and a synchronous removal would. {@link #awaitRemovals()} waits for them.
     */
    public void deleteDelivered(String reportId) {
        removing.add(reportId);
        remover.execute(() -> {
            try {
                delete(reportId);
            } catch (UncheckedIOException e) {
                LOG.warn("Delivered report {} could not be removed from {}: {}", reportId, directory,
                        e.getCause().getClass().getSimpleName());
            } finally {
                removing.remove(reportId);
            }
        });
    }

    /** Waits until every removal asked by {@link #deleteDelivered} is done. */
    public void awaitRemovals() {
        try {
            remover.submit(() -> { }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stored gzip body of an entry; refused when it is not a file the store wrote. */
    public byte[] body(String reportId) {
        Path body = file(reportId, BODY);
        String problem = DeadLetterFiles.problem(body, 1, DeadLetterFiles.MAX_BODY_BYTES);
        if (problem != null && Files.exists(body, LinkOption.NOFOLLOW_LINKS)) {
            refuse(reportId, DeadLetterFiles.about("body", problem));
            throw new UncheckedIOException(new IOException("dead letter " + reportId + " in " + directory
                    + " is not the store's own"));
        }
        try {
            return OwnerOnlyFiles.read(body, DeadLetterFiles.MAX_BODY_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dead letter " + reportId + " in " + directory, e);
        }
    }

    /**
     * The metadata of one entry, if it exists and is the store's own: an entry whose files or metadata are not
     * ({@link DeadLetterFiles}) is skipped from then on, with one warning, and quarantined by the next start.
     */
    public Optional<DeadLetter> read(String reportId) {
        if (removing.contains(reportId) || refused.contains(reportId)) {
            return Optional.empty();
        }
        Path meta = file(reportId, META);
        if (!Files.exists(meta, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String problem = DeadLetterFiles.filesProblem(meta, file(reportId, BODY));
        DeadLetter entry = null;
        if (problem == null) {
            try {
                entry = DeadLetterJson.read(meta, mapper.get());
                problem = DeadLetterFiles.problem(entry, reportId, clock.instant());
            } catch (IOException | RuntimeException e) {
                problem = "metadata does not parse";
            }
        }
        if (problem != null) {
            if (Files.exists(meta, LinkOption.NOFOLLOW_LINKS)) {
                refuse(reportId, problem);
            } // else: deleted meanwhile (delivered, purged), not a problem
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    private void refuse(String reportId, String problem) {
        if (refused.add(reportId)) {
            quarantined.incrementAndGet();
            LOG.warn("Dead-letter store: entry {} skipped ({}); it is never sent, and is quarantined at the next start",
                    reportId, problem);
        }
    }

    /** Every entry, oldest first. */
    public List<DeadLetter> entries() {
        List<DeadLetter> entries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + META)) {
            for (Path meta : files) {
                DeadLetterFiles.Name name = DeadLetterFiles.Name.parse(meta.getFileName().toString());
                if (name != null && !name.temporary()) {
                    read(name.reportId()).ifPresent(entries::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the dead-letter store " + directory, e);
        }
        entries.sort(Comparator.comparing(DeadLetter::created).thenComparing(DeadLetter::reportId));
        return entries;
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
        if (reportId == null || !REPORT_ID.matcher(reportId).matches()) {
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
