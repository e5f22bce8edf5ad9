package io.ceip.agent.report;

import io.ceip.agent.files.StateStore;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the next feature-usage window starts: the end of the last report's window, kept as {@value #NAME} in the
 * {@link StateStore} (a file under the data directory, or the cluster's shared table so the window continues
 * whichever node sends the next report). The window advances when a report is stored for delivery (it is then
 * delivered or kept until it is), never by a preview. The first window covers {@value #FIRST_WINDOW_HOURS} hours.
 * The window is kept at full consent only; when the last report was made, at any consent level, is kept beside it as
 * {@value #LAST_REPORT} (the next start sends a start-up report only when the schedule's run after it was missed).
 */
public final class FeatureWindow {

    public static final String NAME = "features-window-end";
    /** When the last report was stored for delivery (or exported), at any consent level. */
    public static final String LAST_REPORT = "last-report";
    static final int FIRST_WINDOW_HOURS = 24;

    private static final Logger LOG = LoggerFactory.getLogger(FeatureWindow.class);

    private final StateStore store;

    public FeatureWindow(StateStore store) {
        this.store = store;
    }

    /** The start of the window ending at {@code now}. */
    public Instant from(Instant now) {
        Optional<String> stored;
        try {
            stored = store.get(NAME);
        } catch (UncheckedIOException e) { // a link, a directory, a file too big: as a damaged value
            LOG.warn("The feature window's end is taken as none ({}): this"
                    + " window covers {} hours; a full-consent report replaces it", e.getMessage(), FIRST_WINDOW_HOURS);
            stored = Optional.empty();
        }
        if (stored.isPresent()) {
            try {
                Instant end = Instant.parse(stored.get());
                return end.isAfter(now) ? now : end;
            } catch (RuntimeException e) {
                // a damaged value: start a fresh window rather than stop reporting
            }
        }
        return now.minus(Duration.ofHours(FIRST_WINDOW_HOURS));
    }

    /** Records that the window up to {@code to} was reported. */
    public void advance(Instant to) {
        store.put(NAME, to.toString());
    }

    /**
     * Records that a report collected at {@code at} was stored for delivery (or exported), whatever its consent. Only
     * the next start's decision on a start-up report reads it: a store that cannot keep it is one WARN line, and the
     * report goes on.
     */
    public void reported(Instant at) {
        try {
            store.put(LAST_REPORT, at.toString());
        } catch (RuntimeException e) {
            LOG.warn("The time of the report of {} cannot be kept in {} ({}):"
                    + " the next start may send a report at once", at, store.where(LAST_REPORT),
                    e.getClass().getSimpleName());
        }
    }

    /**
     * When the last report was made, as {@link #reported} kept it (an installation of an earlier version kept only its
     * window's end, at full consent); a file that cannot be read (a link, a directory, a file too big) counts as none,
     * as a damaged value does: one WARN line.
     */
    public Optional<String> lastReport() {
        try {
            return store.get(LAST_REPORT).or(() -> store.get(NAME));
        } catch (UncheckedIOException e) {
            LOG.warn("The last report's time is taken as none ({}): a start-up report is due", e.getMessage());
            return Optional.empty();
        }
    }
}
