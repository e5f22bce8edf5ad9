package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter store's reading side: an entry is read only if its files and metadata are the store's own
 * ({@link DeadLetterFiles}); one that is not is refused from then on (one WARN line, logged as the store), counted,
 * and left for the next start's recovery to quarantine; one a later version of the agent kept ({@link LaterVersions})
 * is passed over, neither read nor refused. One whose files cannot be read now (too many open files, an
 * I/O error) is not refused: it is skipped that time (one WARN line until it is read again) and read at the next
 * replay.
 */
final class DeadLetterReader {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final Path directory;
    private final Supplier<ObjectMapper> mapper;
    /** Entries found not to be the store's own while running (logged once each): never read nor sent. */
    final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** Entries whose files could not be read at the last try (logged once until read again): not refused. */
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    /** Entries and stray files set aside since start (by recovery, or refused here). */
    final AtomicLong quarantined = new AtomicLong();

    DeadLetterReader(Path directory, Supplier<ObjectMapper> mapper) {
        this.directory = directory;
        this.mapper = mapper;
    }

    /** See {@link DeadLetterStore#body}. */
    byte[] body(String reportId) {
        Path body = DeadLetterStore.file(directory, reportId, DeadLetterFiles.BODY);
        String problem = DeadLetterFiles.problem(body, 1, DeadLetterFiles.MAX_BODY_BYTES);
        if (problem != null && Files.exists(body, LinkOption.NOFOLLOW_LINKS)) {
            refuse(reportId, DeadLetterFiles.about("body", problem));
            throw new RefusedEntryException(reportId);
        }
        byte[] bytes;
        try {
            bytes = OwnerOnlyFiles.read(body, DeadLetterFiles.MAX_BODY_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dead letter " + reportId + " in " + directory, e);
        }
        try {
            problem = StoredReportBody.problem(new ByteArrayInputStream(bytes), reportId);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // never from bytes in memory
        }
        if (problem != null) {
            refuse(reportId, problem);
            throw new RefusedEntryException(reportId);
        }
        return bytes;
    }

    /** See {@link DeadLetterStore#read}. */
    Optional<DeadLetter> read(String reportId) {
        if (refused.contains(reportId)) {
            return Optional.empty();
        }
        Path meta = DeadLetterStore.file(directory, reportId, DeadLetterFiles.META);
        if (!Files.exists(meta, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String problem;
        byte[] json = null;
        try {
            problem = DeadLetterFiles.filesProblem(meta, DeadLetterStore.file(directory, reportId, DeadLetterFiles.BODY));
            json = problem == null ? OwnerOnlyFiles.read(meta, DeadLetterFiles.MAX_META_BYTES) : null;
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted meanwhile (delivered, purged)
        } catch (IOException e) {
            if (unreadable.add(reportId)) {
                LOG.warn("Dead-letter store: entry {} cannot be read now ({}); it stays, and is read again at the next"
                        + " replay", reportId, reason(e));
            }
            return Optional.empty();
        }
        unreadable.remove(reportId);
        DeadLetter entry = null;
        if (problem == null) {
            try {
                entry = DeadLetterJson.parse(json, meta, mapper.get());
                problem = DeadLetterFiles.problem(entry, reportId);
            } catch (IOException | RuntimeException e) {
                problem = "metadata does not parse";
            }
            if (problem != null && LaterVersions.of(json, mapper.get()) > 0) {
                return Optional.empty(); // a later version's: left as it is for it, neither read nor refused
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

    /** What the file system said ("Too many open files", "Input/output error"), or the exception's kind. */
    static String reason(IOException e) {
        return e instanceof FileSystemException failed && failed.getReason() != null
                ? OwnerOnlyFiles.shown(failed.getReason()) : e.getClass().getSimpleName();
    }

    private void refuse(String reportId, String problem) {
        if (refused.add(reportId)) {
            quarantined.incrementAndGet();
            LOG.warn("Dead-letter store: entry {} skipped ({}); it is never sent, and is quarantined at the next start",
                    reportId, problem);
        }
    }

    /** Every entry, oldest first. */
    List<DeadLetter> entries() {
        List<DeadLetter> entries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + DeadLetterFiles.META)) {
            for (Path meta : files) {
                DeadLetterFiles.Name name = DeadLetterFiles.Name.parse(meta.getFileName().toString());
                if (name != null && !name.temporary()) {
                    read(name.reportId()).ifPresent(entries::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the dead-letter store " + directory, e);
        }
        entries.sort(DeadLetter.OLDEST_FIRST);
        return entries;
    }
}
