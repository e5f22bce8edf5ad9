package io.ceip.agent.events;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events' window file ({@link AggregateFile}) as {@link EventStore} reads it back ({@link #read}) and changes it:
 * each write atomic, a poll's forced to disk at most once a second ({@link #FORCE_INTERVAL_NANOS}), a report's commit
 * at once. In a read-only run ({@code preview}, {@code export}: {@link #readsOnly()}) it is never removed, and written
 * only to commit a report an {@code export} took from the window it read: never once it was not used (not valid, or
 * its window dropped for a withdrawal). Not thread-safe: its store guards it.
 */
final class WindowFile {

    private static final Logger LOG = LoggerFactory.getLogger(EventStore.class);
    /** A flush after a poll is forced to disk at most once a second (each is atomic all the same). */
    static final long FORCE_INTERVAL_NANOS = 1_000_000_000L;

    private final Path path;
    private final OncePerCause problem = new OncePerCause(LOG);
    private long lastForced = System.nanoTime() - FORCE_INTERVAL_NANOS;
    private boolean readsOnly;
    private boolean notUsed; // a read-only run left the file as it is: not valid, or counted before a withdrawal

    WindowFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** What the file held when it was read back, and when it was last written. */
    record Loaded(AggregateFile.State state, Instant written) {
    }

    /**
     * Reads the window back ({@link AggregateFile#read}): empty when there is none; empty too when it is not one the
     * agent wrote (or cannot be read): one WARN line naming the file and what is wrong, never its content, and it is
     * removed (in a read-only run left as it is, unused).
     */
    Optional<Loaded> read(EventCatalog catalog, int maxNames, int maxFingerprints) {
        try {
            Instant written = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant();
            return Optional.of(new Loaded(AggregateFile.read(path, catalog, maxNames, maxFingerprints), written));
        } catch (NoSuchFileException absent) {
            return Optional.empty(); // nothing counted yet
        } catch (IOException | AggregateFile.Corrupt | RuntimeException e) {
            LOG.warn("Events: {} is not a valid aggregate ({}); {}", OwnerOnlyFiles.shown(path),
                    e instanceof AggregateFile.Corrupt ? e.getMessage() : e.getClass().getSimpleName(),
                    readsOnly ? "not used, left as it is (this command changes nothing)"
                            : "removed, the events' window starts empty");
            delete();
            return Optional.empty();
        }
    }

    /** From now on the file is never removed, and written only by {@link #write} of a commit while it is used. */
    void readsOnly() {
        readsOnly = true;
    }

    boolean isReadsOnly() {
        return readsOnly;
    }

    /**
     * Writes the window with its {@code mark} ({@link WindowMark}); {@code commit}: a report's, to disk now, else a
     * poll's, to disk at most once a second.
     */
    void write(EventAggregate aggregate, List<SpoolFileIdentity> consumed, String mark, boolean commit) {
        if (readsOnly && (!commit || notUsed)) {
            return;
        }
        long now = System.nanoTime();
        boolean toDisk = commit || now - lastForced >= FORCE_INTERVAL_NANOS;
        AggregateFile.write(path, aggregate, consumed, mark, toDisk);
        if (toDisk) {
            lastForced = now;
        }
    }

    /**
     * Removes the file (one WARN line when it cannot be, until it can); in a read-only run, leaves it as it is, unused
     * from now.
     */
    void delete() {
        if (readsOnly) {
            notUsed = true;
            return;
        }
        try {
            Files.deleteIfExists(path);
            problem.goneUnless(false, "Events: " + OwnerOnlyFiles.shown(path) + " is removed");
        } catch (IOException e) { // one line until the cause changes or goes: below full every poll removes it
            problem.warn(OncePerCause.unwritable(path, e, false), null, "Events: {} cannot be removed ({})",
                    OwnerOnlyFiles.shown(path));
        }
    }
}
