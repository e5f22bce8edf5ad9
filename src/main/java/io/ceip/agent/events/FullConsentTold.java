package io.ceip.agent.events;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent audit's mark ({@link EventStore#readStarts()}) under which this process last told the product that
 * consent is full ({@code consent-level}): the spool's files written before a withdrawal are told apart by the log's
 * order, not by their last-modified times (the product's clock, and anyone's who can write the spool). The product
 * records events only while {@code consent-level} says {@code full}, and after a withdrawal (or a consent given again
 * after off or basic) this process tells it {@code full} again only at its first decision under the new mark (a spool
 * poll's or a request's): every {@code *.jsonl} file in the spool then was written before, under the consent withdrawn
 * since or while the product was told off or basic, and is deleted unread first, whatever its time; a file found
 * later under the same mark was written after, and is read whatever its time. The same at the first decision since
 * this process started when that decision itself gave consent anew (audited it: nobody told the product full under
 * it); else nothing but their times is known of the files there then: those last modified at or before the audit's
 * boundary ({@link EventStore#withdrawnSince}) are deleted unread, the others read. Thread-safe (the poll and the
 * requests).
 */
final class FullConsentTold {

    private static final Logger LOG = LoggerFactory.getLogger(FullConsentTold.class);

    private final Path spool;
    private final EventStore store;
    private final AtomicLong deletedUnread;
    private EventsBoundary.Mark told; // null until this process first decided full
    private boolean toldBelow; // this process told the product off or basic since it last told it full
    private boolean notRead; // the spool is not read (HTTP only): nothing there was handed to the agent

    FullConsentTold(Path spool, EventStore store, AtomicLong deletedUnread) {
        this.spool = spool;
        this.store = store;
        this.deletedUnread = deletedUnread;
    }

    /**
     * The mark now (the audit's, and this process's lowerings): take it before consent is decided, for
     * {@link #before}.
     */
    EventsBoundary.Mark mark() {
        return store.readStarts();
    }

    /**
     * Consent was decided full, {@code mark} the audit's before the decision, and the product is told so next: the
     * spool's files written before are deleted unread first (see the class). Returns how many.
     */
    synchronized int before(EventsBoundary.Mark mark) {
        EventsBoundary.Mark now = store.readStarts(); // another than mark: this decision gave consent anew
        int deleted;
        if (notRead) { // what the directory holds is nobody's handing to the agent: never deleted
            told = now;
            toldBelow = false;
            return 0;
        }
        if (told == null && !toldBelow && now.equals(mark)) { // the first since start: only the files' times known
            Optional<Integer> swept = deleteWrittenBefore();
            deleted = swept.orElse(0);
            if (deleted > 0) {
                LOG.info("Events: {} spool file(s) last written before consent was last withdrawn (or given again)"
                        + " deleted unread", deleted);
            }
            told = swept.isPresent() ? now : null; // else swept again at the next decision, files read judged by time
        } else {
            deleted = now.equals(told) && !toldBelow ? 0 : SpoolDirectory.deleteJsonl(spool);
            if (deleted > 0) {
                LOG.info("Events: consent was withdrawn or given again since the product was last told it is full: {}"
                        + " spool file(s) it wrote before deleted unread, whatever their times", deleted);
            }
            told = now; // the mark the product is told full under: this decision's own change included
            toldBelow = false;
        }
        deletedUnread.addAndGet(deleted);
        return deleted;
    }

    /**
     * Consent was decided below full (undecided withdraws nothing: not this) and the product is told off or basic
     * next: what it writes from now on until this process tells it full again was written under that level, and the
     * next {@link #before} deletes the spool's files unread whatever their times (before, an agent started at off
     * judged them by their times at its first full decision, and counted a file written under off dated after the
     * consent).
     */
    synchronized void notFull() {
        toldBelow = true;
    }

    /**
     * The spool is not read ({@code ceip.events.enabled=false}: the product's events come over the HTTP intake only):
     * nothing in its directory was handed to the agent, and {@link #before} deletes nothing there. A start that reads
     * it later judges what it holds then as any start does (by their times; all of it when that start gives consent
     * anew).
     */
    synchronized void spoolNotRead() {
        notRead = true;
    }

    /**
     * True until a first decision emptied the spool of what was last modified before the boundary: a file read
     * meanwhile is judged by its time ({@link PollBatch#writtenBeforeWithdrawal}).
     */
    synchronized boolean byTime() {
        return told == null;
    }

    /**
     * Deletes the spool's files (never a directory; a link itself) last modified at or before the boundary: how many,
     * or empty when one of them could not be deleted (or the spool listed).
     */
    private Optional<Integer> deleteWrittenBefore() {
        int deleted = 0;
        boolean whole = true;
        if (store.lastWithdrawal().isEmpty() || !Files.isDirectory(spool, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(0);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(spool, SpoolDirectory::handed)) {
            for (Path entry : entries) {
                try {
                    if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && store.withdrawnSince(
                            Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant())) {
                        deleted += Files.deleteIfExists(entry) ? 1 : 0;
                    }
                } catch (NoSuchFileException gone) {
                    // renamed or deleted meanwhile: nothing to judge
                } catch (IOException e) { // the agent may not delete there: judged by its time when it is read
                    whole = false;
                }
            }
        } catch (IOException | RuntimeException e) { // DirectoryIteratorException: the rest judged when read
            whole = false;
        }
        return whole ? Optional.of(deleted) : Optional.empty();
    }
}
