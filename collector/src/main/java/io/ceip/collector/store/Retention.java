package io.ceip.collector.store;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's daily upkeep ({@code collector.store.retention-months}, default 13: a year and the month before it,
 * for a year-over-year look; 0 keeps everything): run once at start and then daily by the route
 * {@code ceip-store-maintenance}. Reports and their event rows ({@link EventRows}) older than the retention go: on
 * PostgreSQL whole monthly partitions (a report is kept at least the retention, at most a month longer) and the
 * dedupe rows; on H2 the rows. On
 * PostgreSQL it also makes the partitions of this month and the next ones ahead. Logs one INFO line of what it did.
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final ReportStore store;
    private final int months;
    private final Clock clock;

    /**
     * @param months how many months reports are kept, 0: for ever
     */
    public Retention(ReportStore store, int months, Clock clock) {
        if (months < 0) {
            throw new IllegalArgumentException("collector.store.retention-months: " + months + " is below 0");
        }
        this.store = store;
        this.months = months;
        this.clock = clock;
    }

    /** How many months reports are kept, 0: for ever ({@code collector.store.retention-months}). */
    public int months() {
        return months;
    }

    /** The oldest time kept: now less the retention, or null when everything is kept. */
    public Instant cutoff() {
        Instant now = clock.instant();
        return months == 0 ? null : now.atOffset(ZoneOffset.UTC).minusMonths(months).toInstant();
    }

    /** Makes the partitions ahead and drops what is older than the retention. */
    public void run() throws SQLException {
        String dropped = store.maintain(clock.instant(), cutoff());
        LOG.info("Store upkeep: retention {}, removed {}", months == 0 ? "unlimited" : months + " months", dropped);
    }
}
