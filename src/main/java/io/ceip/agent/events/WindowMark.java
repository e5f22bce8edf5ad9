package io.ceip.agent.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Whether consent was withdrawn (or given again after off or basic) since the events' window was counted, told by the
 * consent audit log's order, never by a clock: the window keeps the audit's {@code eventsSince} as it was when it was
 * last checked ({@link io.ceip.agent.privacy.ConsentAudit#eventsSince()}, which every withdrawal or full consent
 * given again makes later, in the log's order), and it is withdrawn when the audit's is now another. The mark is
 * flushed with the window ({@code eventsSince} in {@link AggregateFile}: the time, or {@value #NONE}). A window loaded
 * from a file without one (an earlier version's) is judged once as those versions judged it, by the file's
 * last-modified time against the audit's time: nothing better is known of it. Not thread-safe: its store guards it.
 */
final class WindowMark {

    /** The mark of a window counted while the audit recorded neither a withdrawal nor a full consent given again. */
    static final String NONE = "none";

    private Optional<Instant> checked; // null: not looked yet (the window is empty)
    private Instant written; // loaded without a mark: when its file was last written

    /** True when {@code since} (the audit's now) says the window was counted before a withdrawal. */
    boolean withdrawn(Optional<Instant> since) {
        if (written != null) {
            return since.filter(time -> !time.isBefore(written)).isPresent();
        }
        return checked != null && !checked.equals(since);
    }

    /** What the window holds now was counted after everything {@code since} says. */
    void checked(Optional<Instant> since) {
        checked = since;
        written = null;
    }

    /** The window was loaded from a file holding {@code mark} (null: none), last written at {@code fileWritten}. */
    void loaded(String mark, Instant fileWritten) {
        checked = mark == null ? null : parse(mark);
        written = mark == null ? fileWritten : null;
    }

    /** The mark to flush with the window, or null before the window was checked. */
    String mark() {
        return checked == null ? null : checked.map(Instant::toString).orElse(NONE);
    }

    /** The mark {@code text} as read back; an {@link IllegalArgumentException} when it is none the agent writes. */
    static Optional<Instant> parse(String text) {
        if (text.equals(NONE)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a mark that is not a time");
        }
    }
}
