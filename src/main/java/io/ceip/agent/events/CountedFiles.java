package io.ceip.agent.events;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The spool files counted and still in the spool ({@link EventStore}'s, written with its window): their delete was
 * not done yet (a crash between the flush and the deletes) or failed (a spool the agent may read but not delete in).
 * Bounded by what the window file is read back with ({@link #MAX}, {@link AggregateReader#MAX_CONSUMED}): a poll
 * reads a new file only while there is room for it ({@link #roomFor}), so the agent never writes a window that its next
 * start would refuse (and with it the window, and every counted file counted again). Not thread-safe: its store
 * guards it.
 */
final class CountedFiles {

    /** The most identities the window file holds (and is read back with). */
    static final int MAX = AggregateReader.MAX_CONSUMED;

    private final Path spool;
    private Set<SpoolFileIdentity> files = new LinkedHashSet<>();
    /** Its size when it was last pruned of files no longer in the spool: pruned again only once it changed. */
    private int prunedAt = -1;

    CountedFiles(Path spool) {
        this.spool = spool;
    }

    boolean contains(SpoolFileIdentity identity) {
        return files.contains(identity);
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    List<SpoolFileIdentity> list() {
        return List.copyOf(files);
    }

    /** From now on it holds {@code identities} (read back, flushed, or none). */
    void set(Collection<SpoolFileIdentity> identities) {
        files = new LinkedHashSet<>(identities);
    }

    /** What the next flush writes: those still in the spool, then {@code added} (a poll's files). */
    List<SpoolFileIdentity> next(List<SpoolFileIdentity> added) {
        Set<SpoolFileIdentity> next = new LinkedHashSet<>();
        for (SpoolFileIdentity previous : files) {
            if (previous.stillIn(spool)) {
                next.add(previous);
            }
        }
        next.addAll(added);
        return List.copyOf(next);
    }

    /** A counted file was deleted: it is forgotten. */
    void deleted(SpoolFileIdentity identity) {
        files.remove(identity);
    }

    /** True when one more file fits beside these and the {@code reading} files of the poll under way. */
    boolean roomFor(int reading) {
        if (files.size() + reading < MAX) {
            return true;
        }
        if (files.size() != prunedAt) {
            files.removeIf(counted -> !counted.stillIn(spool));
            prunedAt = files.size();
        }
        return files.size() + reading < MAX;
    }
}
