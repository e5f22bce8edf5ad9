package io.ceip.agent.schedule;

import io.ceip.agent.files.StateStore;

import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.LoggerFactory;

/**
 * A cluster's scheduled fires are reported once. Quartz runs a fire again on another node when it takes the node
 * that had it for dead ({@code recoverableJob}: the node was killed, or paused or cut off from the cluster database
 * past its check-in, while it still runs): the fire keeps its scheduled time. The latest scheduled fire time whose
 * report was committed (stored for delivery) is kept as {@value #NAME} in the cluster's shared state table; a fire
 * at or before it is not run again (it would be a second report of the same day, with a new report ID), a fire whose
 * node died before committing its report is. Two nodes running one fire at the same time (the first paused past its
 * check-in in the seconds of its collection) both collect it, and the first to {@link #claim} it before its commit
 * reports it: the other's report is dropped, its window not committed. On a single node (no recovery) it keeps
 * nothing and skips nothing.
 * <p>
 * The value is the fire's time in epoch milliseconds, then {@code /} and a token of the claim (a random UUID), so
 * that of two nodes claiming one fire at once each knows whether its own write is the one stored. What is not
 * covered: a node that committed its report and never comes back leaves it in its own outbox (the dead-letter store
 * is per node).
 */
public final class ReportedFires {

    public static final String NAME = "last-reported-fire";
    /** How far past a fire the kept time may be and still be believed (fires are at least an hour apart). */
    static final Duration BELIEVED_AHEAD = Duration.ofDays(1);
    private static final int ATTEMPTS = 8;

    private static final Pattern STORED = Pattern.compile("([0-9]{1,18})(/[0-9a-f-]{36})?");

    private final Optional<StateStore> shared;

    private ReportedFires(Optional<StateStore> shared) {
        this.shared = shared;
    }

    /** Fires kept in a cluster's shared state table. */
    public static ReportedFires shared(StateStore state) {
        return new ReportedFires(Optional.of(state));
    }

    /** A single node's: nothing kept, nothing skipped. */
    public static ReportedFires none() {
        return new ReportedFires(Optional.empty());
    }

    /**
     * Whether the fire scheduled at {@code scheduledFireTime} (null: not a scheduled fire) was reported already. A kept
     * time later than this fire's by more than a day (a node whose clock ran ahead, a damaged row) is not believed:
     * it would skip every fire until then. A table that cannot be read now is one WARN line, and the fire runs (an
     * exception would end it, and the day's report with it).
     */
    public boolean alreadyReported(Date scheduledFireTime) {
        try {
            return scheduledFireTime != null && shared.filter(state -> covers(state.get(NAME), scheduledFireTime))
                    .isPresent();
        } catch (RuntimeException e) { // the table does not answer now: a report twice rather than none
            LoggerFactory.getLogger(ReportedFires.class).warn("Whether the fire of {} was reported already cannot be"
                    + " read ({}): it is run", scheduledFireTime.toInstant(), e.getMessage());
            return false;
        }
    }

    /** Whether the kept value is this fire or a later one, believed (at most {@link #BELIEVED_AHEAD} later). */
    private static boolean covers(Optional<String> stored, Date fire) {
        return last(stored).filter(last -> last >= fire.getTime()
                && last - fire.getTime() <= BELIEVED_AHEAD.toMillis()).isPresent();
    }

    /**
     * Takes the fire scheduled at {@code scheduledFireTime} for this node's report, just before the report is committed
     * (null: a report of no scheduled fire, taken). False when another node's report of this fire, or of a later one,
     * was committed meanwhile: this node's report is dropped. A table that cannot be written now is one WARN line and
     * the fire is taken (its report is sent all the same: a report twice rather than none).
     */
    public boolean claim(Date scheduledFireTime) {
        if (scheduledFireTime == null || shared.isEmpty()) {
            return true;
        }
        try {
            return keep(shared.get(), scheduledFireTime);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ReportedFires.class).warn("The fire of {} is reported, but {} cannot be kept in {}"
                    + " ({}): should another node run that fire again, it reports it again", scheduledFireTime
                    .toInstant(), NAME, shared.get().where(NAME), e.getClass().getSimpleName());
            return true;
        }
    }

    /**
     * Whether this claim's value is now the one stored (false: a claim of this fire or a later one was first); taken
     * when other nodes' claims of earlier fires kept replacing the value {@value #ATTEMPTS} times.
     */
    private static boolean keep(StateStore state, Date scheduledFireTime) {
        String value = scheduledFireTime.getTime() + "/" + UUID.randomUUID();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<String> stored = state.get(NAME);
            if (covers(stored, scheduledFireTime)) {
                return false;
            }
            String now = stored.isEmpty() ? state.putIfAbsent(NAME, value) : state.replace(NAME, stored.get(), value);
            if (now.equals(value)) {
                return true;
            }
        }
        return true;
    }

    /**
     * The fire time of a stored value ({@code 1765000800000/<claim>}, or without its claim as before); a value that is
     * no fire time (a damaged row) counts as none: it is replaced by the next report.
     */
    private static Optional<Long> last(Optional<String> stored) {
        return stored.map(STORED::matcher).filter(Matcher::matches).map(m -> Long.parseLong(m.group(1)));
    }
}
