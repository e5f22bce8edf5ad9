package io.ceip.agent.events;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one poll of the spool has read and not flushed yet ({@link EventSpool}'s, on the consumer's thread): the
 * identities of its spool files, what they held, and their counts of accepted events and refused lines. Flushed
 * once into the {@link EventStore} ({@link #flushTo}); only then are its files deleted ({@link #deleteFrom}).
 */
final class PollBatch {

    private static final Logger LOG = LoggerFactory.getLogger(PollBatch.class);

    private final List<SpoolFileIdentity> files = new ArrayList<>();
    private final OncePerCause deletes = new OncePerCause(LOG);
    private final OncePerCause full = new OncePerCause(LOG);
    private final OncePerCause flushes = new OncePerCause(LOG);
    private EventsBoundary.Mark readSince;
    private EventAggregate events;
    private long accepted;
    private long refusedLines;

    /**
     * The poll decides consent, or reads its first file, under the {@code mark}
     * ({@link EventStore#readStarts()}); the first call of a poll counts.
     */
    void reading(EventsBoundary.Mark mark) {
        if (readSince == null) {
            readSince = mark;
        }
    }

    /** Adds one spool file that was read whole: its identity, what it held, its counts. */
    void add(SpoolFileIdentity file, EventAggregate delta, long fileAccepted, long fileRefusedLines) {
        if (events == null) {
            events = delta; // the store's bounds: the poll's events stay as bounded as one file's
        } else {
            events.absorb(delta);
        }
        files.add(file);
        accepted += fileAccepted;
        refusedLines += fileRefusedLines;
    }

    /**
     * Adds the poll's events to {@code store} and flushes them with its files' identities (when consent was withdrawn
     * while they were read, none: its counts are zero, its files still deleted). False when there is
     * nothing to flush, or when the flush fails (nothing counted, the files are read again; one WARN line until the
     * cause changes or a flush works again).
     */
    boolean flushTo(EventStore store) {
        if (files.isEmpty()) {
            return false;
        }
        try {
            if (!store.add(events, List.copyOf(files), readSince)) { // dropped unsent: withdrawn while they were read
                accepted = 0;
                refusedLines = 0;
            }
            flushes.goneUnless(false, "Events: the aggregate is flushed again");
            return true;
        } catch (RuntimeException e) { // one line until the cause changes or goes: the files wait a poll interval
            flushes.warn(OncePerCause.unwritable(store.file(), e, true), null, "Events: the aggregate cannot be"
                    + " flushed; the spool files stay, read again at a later poll: {}");
            return false;
        }
    }

    /**
     * Deletes the poll's files from {@code directory}, each only while it is still the file that was read; false when
     * one of them could not be deleted.
     */
    boolean deleteFrom(Path directory) {
        boolean all = true;
        for (SpoolFileIdentity read : files) {
            if (read.stillIn(directory)) {
                all &= delete(directory.resolve(read.name()));
            }
        }
        return all;
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    long accepted() {
        return accepted;
    }

    long refusedLines() {
        return refusedLines;
    }

    void clear() {
        files.clear();
        readSince = null;
        events = null;
        accepted = 0;
        refusedLines = 0;
    }

    /**
     * Deletes a spool file (a link itself, never its target); false when it cannot be: one WARN line, said again only
     * for another cause or after a delete worked again (a spool the agent may not delete in fails every delete).
     */
    boolean delete(Path file) {
        try {
            Files.deleteIfExists(file);
            deletes.goneUnless(false, "Events: spool files can be deleted again");
            return true;
        } catch (IOException e) {
            deletes.warn(e.getClass().getSimpleName(), null, "Events: {} cannot be deleted ({}): a file counted is left"
                    + " in the spool and never counted again; the agent must be able to delete files there",
                    OwnerOnlyFiles.shown(file.getFileName()));
            return false;
        }
    }

    /**
     * True when the spool file {@code file} was last written before consent was last withdrawn (or given again): its
     * last-modified time is the product's clock, the only thing known of when it was written, against the audit's
     * ({@link EventStore#withdrawnSince}). False when it is gone: read as it is (and refused if it cannot be).
     */
    static boolean writtenBeforeWithdrawal(EventStore store, Path file) {
        try {
            return store.withdrawnSince(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant());
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * For {@code file} counted already (flushed; its delete not done, or failed): deletes it unread if it can be now
     * and answers whether it is left in the spool; empty for a file not counted (or gone).
     */
    Optional<Boolean> leftIfCounted(EventStore store, Path file) {
        try {
            return leftIfCounted(store, SpoolFileIdentity.of(file), file);
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /** {@link #leftIfCounted(EventStore, Path)} for the file {@code identity} already read. */
    Optional<Boolean> leftIfCounted(EventStore store, SpoolFileIdentity identity, Path file) {
        return store.counted(identity) ? Optional.of(!deleteCounted(store, identity, file)) : Optional.empty();
    }

    boolean deleteCounted(EventStore store, SpoolFileIdentity identity, Path file) {
        if (!delete(file)) {
            return false;
        }
        store.deletedCounted(identity);
        LOG.info("Events: {} was counted already; deleted unread", OwnerOnlyFiles.shown(file.getFileName()));
        return true;
    }

    /**
     * True when the store may count one more file beside this poll's ({@link EventStore#mayCount}); else one WARN line,
     * until it may again: so many counted files cannot be deleted that their identities fill the window file.
     */
    boolean roomFor(EventStore store) {
        if (store.mayCount(files.size())) {
            full.goneUnless(false, "Events: new spool files are read again");
            return true;
        }
        full.warn("full", null, "Events: {} counted spool files cannot be deleted: no new file is read until they"
                + " can be (the agent must be able to delete files in the spool)", CountedFiles.MAX);
        return false;
    }
}
