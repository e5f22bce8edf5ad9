package io.ceip.agent.events;

import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.privacy.ConsentLevel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The effective consent level where the product can read it ({@code consent-level} in the data directory): one
 * word, {@code off}, {@code basic} or {@code full}, and a line feed, so that the product records events only when it
 * is {@code full}. Written at start and whenever the level the agent sees changes (the spool route looks at every
 * poll), atomically (a reader sees the old word or the new one). Like every file of the agent it is owner-only
 * ({@code 0600}): the product is expected to run as the agent's user, as it writes the spool under the same
 * owner-only data directory; it is not secret.
 */
public final class ConsentLevelFile {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentLevelFile.class);
    /** Its name in the data directory. */
    public static final String NAME = "consent-level";

    private final Path file;
    private final OncePerCause problem = new OncePerCause(LOG);
    private ConsentLevel written;
    /** The file as this agent last wrote it (identity, time, size): another process's write changes it. */
    private Object writtenAs;
    /** The file as {@link #lowered} or {@link #changedHere} last wrote it: no decision taken before writes over it. */
    private Object changedAs;

    public ConsentLevelFile(Path file) {
        this.file = file;
    }

    /**
     * Writes {@code level} unless it is what this agent last wrote and the file is still as it wrote it (one
     * {@code stat}): a file another process wrote since (the {@code consent} command, which does not know the agent's
     * environment or the product's setting) is put right at once.
     */
    public synchronized void observe(ConsentLevel level) {
        if (level == written && state().equals(writtenAs)) {
            return;
        }
        try {
            AtomicFiles.write(file, (level.id() + "\n").getBytes(StandardCharsets.US_ASCII));
            written = level;
            writtenAs = state();
            problem.goneUnless(false, "Events: " + OwnerOnlyFiles.shown(file) + " is written again");
        } catch (RuntimeException e) { // one line until the cause changes or goes: a poll tries every few seconds
            problem.warn(OncePerCause.unwritable(file, e, false), null, "Events: {} cannot be written ({}); tried"
                    + " again at each poll", OwnerOnlyFiles.shown(file));
        }
    }

    /** The file as it is now: pass it to {@link #observe(ConsentLevel, Object)} after the decision it precedes. */
    public Object seen() {
        return state();
    }

    /**
     * As {@link #observe(ConsentLevel)}, unless another process wrote the file since {@code seen} (taken before the
     * decision {@code level} comes from), or {@link #lowered} or {@link #changedHere} did: then nothing is written and
     * the answer is false, since the decision may predate that write (a {@code consent off} landing between a poll's
     * decision and its write); the next look decides again (review s21 last M1).
     */
    public synchronized boolean observe(ConsentLevel level, Object seen) {
        Object now = state();
        if (now instanceof List && !now.equals(seen) && (!now.equals(writtenAs) || now.equals(changedAs))) {
            return false;
        }
        observe(level);
        return true;
    }

    /**
     * An administrator lowered consent in this process to {@code level} (below full): written at once, not at the
     * next poll, and a poll or request that decided before it does not write over it ({@link #observe(ConsentLevel,
     * Object)}).
     */
    public synchronized void lowered(ConsentLevel level) {
        observe(level);
        changedAs = writtenAs;
    }

    /**
     * An administrator's change (a raise too), decided after {@code seen} was taken: written as by
     * {@link #observe(ConsentLevel, Object)}, and then, like {@link #lowered}, not written over by a decision taken
     * before it; false when another process wrote the file since {@code seen} (nothing written).
     */
    public synchronized boolean changedHere(ConsentLevel level, Object seen) {
        if (!observe(level, seen)) {
            return false;
        }
        changedAs = writtenAs;
        return true;
    }

    /**
     * Lowers the level the file holds to {@code ceiling} when it says more (an unreadable or absent file is left):
     * for a process that knows the level can be no higher, not what it is ({@code consent reset} where the product's
     * own setting decides).
     */
    public synchronized void atMost(ConsentLevel ceiling) {
        try {
            String said = new String(OwnerOnlyFiles.read(file, 16), StandardCharsets.US_ASCII).strip();
            if (ConsentLevel.parse(said).ordinal() > ceiling.ordinal()) {
                observe(ceiling);
            }
        } catch (IOException | RuntimeException unknown) {
            // nothing to lower: the product records events only while it reads full
        }
    }

    /**
     * The file's identity, modification time and size; {@code "absent"} when there is none; a fresh object (equal to
     * nothing) when it cannot be read.
     */
    private Object state() {
        return stateOf(file);
    }

    /** As {@link #state()}, of any {@code file}: equal to an earlier answer while the file is not changed. */
    static Object stateOf(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException absent) {
            return "absent";
        } catch (IOException | RuntimeException e) {
            return new Object();
        }
    }

    public Path file() {
        return file;
    }
}
