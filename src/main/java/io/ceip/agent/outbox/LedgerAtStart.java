package io.ceip.agent.outbox;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A destination's ledger at start: the agent's status is restored from it ({@link AgentStatus#restore}), which only
 * seeds "last delivery" and "last attempt", so nothing about it stops the start. A {@code ledger.log} that is not a
 * regular file (a symbolic link, as an administrator makes to keep the ledger under {@code /var/log}, a directory, a
 * fifo) is moved aside to {@code ledger.log.refused-<random>} in its directory, itself and never followed (its target
 * is neither read nor touched), so that the agent writes a new ledger; one WARN line names it, what it is and where it
 * went; so is a regular file of another user, or one this user may not write ({@link #notOwn}), here and before each
 * line ({@link DeliveryLedger}). A ledger that cannot be read is one WARN line too. Either way the status starts empty.
 */
public final class LedgerAtStart {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerAtStart.class);

    private LedgerAtStart() {
    }

    /**
     * Restores {@code status} from {@code ledger}, moving a ledger file that is not a regular file aside first, unless
     * {@code readsOnly} (preview, export: they change nothing in the data directory; the status then starts empty).
     */
    public static void restore(DeliveryLedger ledger, AgentStatus status, boolean readsOnly) {
        Path file = ledger.file();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || notOwn(file) != null)) {
            if (!readsOnly) {
                setAside(file);
            }
            return;
        }
        try {
            status.restore(ledger);
        } catch (IllegalStateException e) {
            LOG.warn("{}; the last delivery and last attempt start empty, new lines are appended to it",
                    e.getMessage());
        }
    }

    /**
     * Why the regular file {@code file} is not the agent's to append to, or null: a file of another user (a
     * {@code ceip-agent send} run once as root, whose rotation made a new {@code ledger.log}), or one this user may
     * not write. Its lines could never be appended nor read: every delivery's line would be lost. A file moved away
     * while it was looked at (rotated by another process: the agent and a command beside it) is judged by nothing:
     * null, as is a file gone.
     */
    static String notOwn(Path file) {
        try {
            Map<String, Object> attributes = OwnerOnlyFiles.attributes(file);
            long agent = OwnerOnlyFiles.currentUid();
            String why = agent >= 0 && attributes.get("uid") instanceof Integer owner && owner != agent
                    ? "a file of another user (uid " + owner + ")"
                    : Files.isWritable(file) ? null : "a file this user may not write";
            return why == null || Objects.equals(attributes.get("fileKey"),
                    OwnerOnlyFiles.attributes(file).get("fileKey")) ? why : null;
        } catch (IOException e) {
            return null; // gone meanwhile: a new one is made
        }
    }

    /** Moves {@code file} aside, one WARN line naming what it is; false when it could not be. Never throws. */
    static boolean setAside(Path file) {
        boolean regular = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        String notOwn = regular ? notOwn(file) : null;
        if (regular && notOwn == null) {
            return true; // the agent's own by now: a rotation beside this process put a new file there
        }
        String kind = notOwn != null ? notOwn : (Files.isSymbolicLink(file) ? "a symbolic link"
                : Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "a directory" : "a fifo, socket or device")
                + ", not a regular file";
        Path aside = file.resolveSibling(file.getFileName() + ".refused-" + UUID.randomUUID());
        try {
            Files.move(file, aside, LinkOption.NOFOLLOW_LINKS); // a rename: a link is moved itself, never followed
            LOG.warn("The delivery ledger {} is {}: moved aside to {} (not followed, not read); a new ledger is"
                    + " started there, the last delivery and last attempt start empty",
                    OwnerOnlyFiles.shown(file), kind, OwnerOnlyFiles.shown(aside.getFileName()));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("The delivery ledger {} is {}, and cannot be moved aside ({}): not read, the"
                    + " last delivery and last attempt start empty, and no ledger line can be written until it is"
                    + " moved away", OwnerOnlyFiles.shown(file), kind, e.getClass().getSimpleName());
            return false;
        }
    }
}
