package io.ceip.agent.events;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events' window file ({@link AggregateFile}) as {@link EventStore} changes it: each write atomic, a poll's
 * forced to disk at most once a second ({@link #FORCE_INTERVAL_NANOS}), a report's commit at once. In a read-only run
 * ({@code preview}, {@code export}: {@link #readsOnly()}) it is never removed, and written only to commit a report
 * an {@code export} took from the window it read: never once it was not used (not valid, or its window dropped for
 * a withdrawal). Not thread-safe: its store guards it.
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
