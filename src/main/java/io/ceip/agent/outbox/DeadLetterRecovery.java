package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.ceip.agent.outbox.DeadLetterFiles.BODY;
import static io.ceip.agent.outbox.DeadLetterFiles.META;

/**
 * The dead-letter store's check at start ({@link DeadLetterStore#recover()}). Every name in the store's directory is
 * looked at once, by its own attributes, before anything is read:
 * <ul>
 * <li>a leftover temporary file of an interrupted write (older than {@link #LEFTOVER_AGE}) is deleted; a younger
 * one is left alone: another process ({@code ceip-agent send}) may be about to rename it;</li>
 * <li>{@value StoreOwnership#NAME} is left as it is ({@link StoreOwnership});</li>
 * <li>a body of its own report without metadata (an interrupted store) gets pending metadata, so it is still sent;</li>
 * <li>an entry the store did not write as it is — a link (symbolic or hard), a directory, a fifo, a file of another
 * owner, a size or metadata field out of range ({@link DeadLetterFiles}), torn gzip, a body that is not the entry's
 * own report ({@link StoredReportBody}: foreign JSON, another report's), metadata that does not parse or of another
 * version — has its files moved to {@code quarantine/} under their own names;</li>
 * <li>but an entry a later version of the agent kept ({@link LaterVersions}: its metadata's version above this one's,
 * its files the store's own) is left as it is, never sent, within the store's bound; one WARN line says how many;</li>
 * <li>any other name (garbage, undecodable, control characters, too long) is moved to
 * {@code quarantine/stray-<random>}, and so is a {@code quarantine} that is not the store's own directory.</li>
 * </ul>
 * A link is moved itself: its target is never read nor touched. Each thing quarantined is one WARN line (names
 * escaped; the first {@value #NAMED} of a start, then one line for the rest) and counts one; what cannot be moved stays and is never sent. Nothing here can block: no file is opened
 * before its attributes say it is a regular file. Only what attributes or content prove is set aside: an entry whose
 * files cannot be read now (too many open files, an I/O error) stays as it is, neither adopted nor refused, with one
 * WARN line, and is read again at the next replay (a body without metadata: at the next start).
 */
final class DeadLetterRecovery {

    /** How old a temporary file is before it is a leftover ({@link AtomicFiles#LEFTOVER_AGE}). */
    static final Duration LEFTOVER_AGE = AtomicFiles.LEFTOVER_AGE;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final Path directory;
    private final ObjectMapper mapper;
    private final Consumer<String> adopt;
    private final Set<String> refused;
    /** How many things set aside at one start are named one by one (100,000 planted names: not 100,000 lines). */
    static final int NAMED = 100;

    private Path quarantine;
    private int quarantined;
    private final LaterVersions later;

    /**
     * @param adopt   stores pending metadata for the body of this report ID
     * @param refused where the IDs of entries that could not be moved are added (the store never sends them)
     * @param later   what a later version kept, left within the store's bound
     */
    DeadLetterRecovery(Path directory, ObjectMapper mapper, Consumer<String> adopt, Set<String> refused,
            LaterVersions later) {
        this.later = later;
        this.directory = directory;
        this.mapper = mapper;
        this.adopt = adopt;
        this.refused = refused;
    }

    /**
     * Checks the directory; returns how many entries and stray files were quarantined. The directory is read as a
     * stream, each name handled as it comes, never listed whole: 1,000,000 names planted there ran a listing and its
     * set of report IDs out of the launcher's heap (review s31: {@code OutOfMemoryError} after 848,905 moves at
     * {@code -Xmx128m}). An entry is checked once: at its metadata's name, or at its body's when it has none. A name
     * gone by the time it comes (moved with its entry, or set aside meanwhile) is passed over.
     */
    int run() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                look(file);
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        if (!later.said().isEmpty()) {
            LOG.warn("Dead-letter store {}: {}", directory, later.said());
        }
        return quarantined;
    }

    private void look(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return; // moved meanwhile: a sibling quarantined with its entry, a name set aside by this check
        }
        String name = file.getFileName().toString();
        DeadLetterFiles.Name parsed = DeadLetterFiles.Name.parse(name);
        if (name.equals(StoreOwnership.NAME) || name.startsWith(StoreOwnership.REFUSED)) {
            return; // the owner's lock file, or one moved aside (StoreOwnership said so): they stay
        } else if (name.equals(DeadLetterFiles.QUARANTINE)) {
            ensureQuarantine();
        } else if (parsed == null) {
            stray(file, "not a name the store gives");
        } else if (parsed.temporary()) {
            leftover(file);
        } else if (name.endsWith(META) || !Files.exists(directory.resolve(parsed.reportId() + META),
                LinkOption.NOFOLLOW_LINKS)) {
            check(parsed.reportId()); // a body with metadata is checked at the metadata's name
        }
    }

    private void leftover(Path file) {
        String problem = DeadLetterFiles.problem(file, 0, Long.MAX_VALUE);
        if (problem == null && AtomicFiles.fresh(file)) {
            return; // a write in progress: a send beside the agent, which does not own the store
        }
        if (problem == null) {
            try {
                Files.delete(file);
                return;
            } catch (IOException e) {
                problem = "a leftover temporary file that cannot be deleted";
            }
        }
        String name = file.getFileName().toString();
        if (moveToQuarantine(file, name)) {
            warn("'" + name + "' quarantined", problem);
        } else {
            warn("'" + name + "' cannot be quarantined, and stays", problem);
        }
    }

    private void check(String reportId) {
        Path meta = directory.resolve(reportId + META);
        Path body = directory.resolve(reportId + BODY);
        boolean hasMeta = Files.exists(meta, LinkOption.NOFOLLOW_LINKS);
        boolean hasBody = Files.exists(body, LinkOption.NOFOLLOW_LINKS);
        if (!hasMeta && !hasBody) {
            return;
        }
        String problem;
        try {
            problem = DeadLetterFiles.entryProblem(meta, hasMeta, body, hasBody, reportId, mapper);
        } catch (IOException e) { // not a problem of the entry: it stays as it is, neither adopted nor set aside
            LOG.warn("Dead-letter store: entry {} cannot be read now ({}); it stays as it is, and is read again at {}",
                    reportId, DeadLetterReader.reason(e), hasMeta ? "the next replay" : "the next start");
            return;
        }
        if (problem == null && !hasMeta) {
            adopt.accept(reportId);
            LOG.warn("Dead-letter store: report {} had no metadata (interrupted write); kept as pending", reportId);
            return;
        }
        if (problem != null && hasMeta && hasBody && later.leaves(meta, body, mapper)) {
            return; // a later version's: left as it is, for it (counted, one line for all at the end)
        }
        if (problem != null) {
            boolean moved = true;
            for (Path file : hasMeta && hasBody ? List.of(meta, body) : List.of(hasMeta ? meta : body)) {
                moved &= moveToQuarantine(file, file.getFileName().toString());
            }
            if (moved) {
                warn("entry " + reportId + " quarantined", problem);
            } else {
                refused.add(reportId);
                warn("entry " + reportId + " cannot be quarantined, stays and is skipped", problem);
            }
        }
    }

    private void stray(Path file, String problem) {
        String target = "stray-" + UUID.randomUUID();
        String shown = "'" + OwnerOnlyFiles.shown(file.getFileName()) + "'";
        if (moveToQuarantine(file, target)) {
            warn(shown + " quarantined as " + target, problem);
        } else {
            warn(shown + " cannot be quarantined, and stays", problem);
        }
    }

    private void ensureQuarantine() {
        try {
            quarantineDirectory();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Dead-letter store: '{}' cannot be made its own directory ({}); what should go there stays, and"
                    + " is never read nor sent", DeadLetterFiles.QUARANTINE, e.getClass().getSimpleName());
        }
    }

    /** The store's own quarantine directory, made {@code 0700}; anything else of that name is moved into it first. */
    private Path quarantineDirectory() throws IOException {
        if (quarantine != null) {
            return quarantine;
        }
        Path own = directory.resolve(DeadLetterFiles.QUARANTINE);
        String problem = Files.exists(own, LinkOption.NOFOLLOW_LINKS) ? DeadLetterFiles.directoryProblem(own) : null;
        Path aside = null;
        if (problem != null) {
            aside = directory.resolve("." + DeadLetterFiles.QUARANTINE + "-" + UUID.randomUUID());
            Files.move(own, aside);
        }
        quarantine = OwnerOnlyFiles.createDirectories(own);
        if (aside != null) {
            stray(aside, "'" + DeadLetterFiles.QUARANTINE + "' was " + problem);
        }
        return quarantine;
    }

    /** Moves {@code file} itself (a link is not followed) to the quarantine, under {@code name} or a free variant. */
    private boolean moveToQuarantine(Path file, String name) {
        try {
            Path target = quarantineDirectory();
            for (int n = 0; n < 100; n++) {
                try {
                    Files.move(file, target.resolve(n == 0 ? name : name + "." + n));
                    return true;
                } catch (FileAlreadyExistsException taken) {
                    // an earlier start quarantined the same name: the next free variant
                }
            }
            Files.move(file, target.resolve("stray-" + UUID.randomUUID()));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Dead-letter store: {} cannot be moved to quarantine: {}", OwnerOnlyFiles.shown(file),
                    e.getClass().getSimpleName());
            return false;
        }
    }

    /** One line each for the first {@value #NAMED} set aside; past them, one line, and the count at the end. */
    private void warn(String what, String problem) {
        quarantined++;
        if (quarantined <= NAMED) {
            LOG.warn("Dead-letter store: {} ({}); it is never read nor sent", what, problem);
        } else if (quarantined == NAMED + 1) {
            LOG.warn("Dead-letter store: more than {} files set aside at this start; the others are not named one by"
                    + " one (their count follows)", NAMED);
        }
    }
}
