package io.ceip.agent.store;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 */
public final class DeadLetterStore {

    private static final Pattern REPORT_ID = Pattern.compile("[0-9a-fA-F-]{36}");
    private static final String BODY = ".json.gz";
    private static final String META = ".meta.json";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeadLetterStore.class);

    private final Path directory;
    private final Supplier<ObjectMapper> mapper;
    private final Clock clock;
    private final int maxEntries;
    private final long maxBytes;
    private final java.util.concurrent.atomic.AtomicLong evicted = new java.util.concurrent.atomic.AtomicLong();
    private final Set<String> removing = ConcurrentHashMap.newKeySet();
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
     * Makes the store consistent after a crash, at start-up: leftover temporary files are deleted; a complete body
     * whose metadata was never written gets pending metadata (so it is still sent); an entry that is torn (no
     * body, a body that is not complete gzip, metadata that does not parse or of another version) is moved to
     * {@code quarantine/} with a warning, never sent. Returns how many entries were quarantined.
     */
    public synchronized int recover() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int quarantined = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(META)) {
                    quarantined += checkEntry(name.substring(0, name.length() - META.length()));
                } else if (name.endsWith(BODY)) {
                    quarantined += adoptOrphan(name.substring(0, name.length() - BODY.length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the dead-letter store " + directory, e);
        }
        return quarantined;
    }

    private int checkEntry(String reportId) throws IOException {
        String problem;
        if (!REPORT_ID.matcher(reportId).matches()) {
            quarantine(reportId, "not a report ID");
            return 1;
        }
        try {
            DeadLetter entry = DeadLetterJson.read(directory.resolve(reportId + META), mapper.get());
            problem = entry.version() != DeadLetter.VERSION ? "unknown metadata version " + entry.version()
                    : !reportId.equals(entry.reportId()) ? "metadata of another report"
                    : !Files.exists(directory.resolve(reportId + BODY)) ? "no body"
                    : completeGzip(directory.resolve(reportId + BODY)) ? null : "body is not complete gzip";
        } catch (IOException | RuntimeException e) {
            problem = "metadata does not parse";
        }
        if (problem == null) {
            return 0;
        }
        quarantine(reportId, problem);
        return 1;
    }

    private int adoptOrphan(String reportId) throws IOException {
        if (Files.exists(directory.resolve(reportId + META))) {
            return 0;
        }
        if (REPORT_ID.matcher(reportId).matches() && completeGzip(directory.resolve(reportId + BODY))) {
            writeMeta(DeadLetter.pending(reportId, now()));
            LOG.warn("Dead-letter store: report {} had no metadata (interrupted write); kept as pending", reportId);
            return 0;
        }
        quarantine(reportId, "body without metadata is not complete gzip");
        return 1;
    }

    private boolean completeGzip(Path body) {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(body))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return Files.size(body) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void quarantine(String reportId, String problem) throws IOException {
        Path target = directory.resolve("quarantine");
        Files.createDirectories(target);
        for (String suffix : new String[] { META, BODY }) {
            Path file = directory.resolve(reportId + suffix);
            if (Files.exists(file)) {
                Files.move(file, target.resolve(reportId + suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        LOG.warn("Dead-letter store: entry {} quarantined in {} ({}); it will not be sent", reportId, target, problem);
    }

    private long size(String reportId) {
        try {
            Path body = file(reportId, BODY);
            return Files.exists(body) ? Files.size(body) : 0;
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

    /** The stored gzip body of an entry. */
    public byte[] body(String reportId) {
        try {
            return Files.readAllBytes(file(reportId, BODY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dead letter " + reportId + " in " + directory, e);
        }
    }

    /** The metadata of one entry, if it exists. */
    public Optional<DeadLetter> read(String reportId) {
        if (removing.contains(reportId)) {
            return Optional.empty();
        }
        Path meta = file(reportId, META);
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DeadLetterJson.read(meta, mapper.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dead letter metadata " + meta, e);
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
                String name = meta.getFileName().toString();
                read(name.substring(0, name.length() - META.length())).ifPresent(entries::add);
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
