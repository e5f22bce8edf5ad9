package io.ceip.collector.store;

import io.ceip.collector.validate.Report;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each report handed to {@link ReportStore}: one line per report (on the {@code ReportStore} logger:
 * INFO stored and duplicate, WARN refused and dropped; IDs, product and record place, never the report's content nor
 * an exception's message) and the node's counts since it started. Thread-safe.
 */
final class ReportLines {

    private static final Logger LOG = LoggerFactory.getLogger(ReportStore.class);

    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    /** The quarantine table was found at its bound and said so; false again once a record is kept there. */
    private final AtomicBoolean full = new AtomicBoolean();

    /** A record that is no report ({@code json} null: no value), from {@code where} (null: the hand-off). */
    void notAReport(String where, byte[] json) {
        rejected.incrementAndGet();
        LOG.warn("Store: record {} is not a report ({}), {}", where == null ? "of the hand-off" : where,
                json == null ? "no value" : json.length + " bytes", fate(where));
    }

    void stored(Report report) {
        stored.incrementAndGet();
        LOG.info("Stored report {} of product '{}' from installation {}", report.reportId(),
                printable(report.productName()), report.installationId());
    }

    void duplicate(Report report) {
        duplicates.incrementAndGet();
        LOG.info("Duplicate report {} of product '{}' from installation {}: already stored, not stored again",
                report.reportId(), printable(report.productName()), report.installationId());
    }

    /** A report the database refused (SQL state {@code state}, class 22), from {@code where} (null: the hand-off). */
    void refused(Report report, String state, String where) {
        rejected.incrementAndGet();
        LOG.warn("Store: report {} refused by the database (SQL state {}), {}", report.reportId(), state,
                fate(where));
    }

    /** A record whose insert failed with {@code failure} (no SQL error), dropped so the consumer moves past it. */
    void dropped(Report report, String where, RuntimeException failure) {
        rejected.incrementAndGet();
        LOG.warn("Store: report {} (record {}) could not be stored ({}), {}", report.reportId(), where,
                failure.getClass().getSimpleName(), fate(where));
    }

    /**
     * What becomes of a record not stored: a quarantined record sent again ({@code where} naming the quarantine
     * table, {@link QuarantinedRecords}) stays there; any other is dropped (Kafka: its offset committed past).
     */
    private static String fate(String where) {
        return where != null && where.startsWith(Quarantine.TABLE) ? "kept in " + Quarantine.TABLE : "dropped";
    }

    /**
     * A Kafka record kept in the quarantine table after {@code attempts} failed tries ({@code reason}: a class name,
     * never a message); {@link Quarantine.Kept#ALREADY}: the table had it already (quarantined before a restart);
     * {@link Quarantine.Kept#FULL}: the table holds {@code maxRows}, nothing kept, its partition waits (one line until
     * a record is kept again).
     */
    void quarantined(Quarantine.Place place, int attempts, String reason, Quarantine.Kept kept, long maxRows) {
        if (kept == Quarantine.Kept.FULL) {
            if (full.compareAndSet(false, true)) {
                LOG.warn("Store: record {} not quarantined after {} attempts ({}): {} is full ({} records,"
                        + " collector.store.quarantine-max-records), so partition {} waits at this record (Kafka keeps"
                        + " it; not one report is dropped) until records are resent or deleted: java -jar"
                        + " ceip-collector.jar quarantine list", place, attempts, reason, Quarantine.TABLE, maxRows,
                        place.partitionName());
            }
            return;
        }
        full.set(false);
        quarantined.incrementAndGet();
        LOG.warn("Store: record {} quarantined after {} attempts ({}): its bytes {} {}, its offset committed past",
                place, attempts, reason, kept == Quarantine.Kept.ADDED ? "kept in" : "were already in",
                Quarantine.TABLE);
    }

    long quarantined() {
        return quarantined.get();
    }

    long stored() {
        return stored.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long rejected() {
        return rejected.get();
    }

    /**
     * A value taken from a report, fit for one log line: control characters (line breaks) become {@code ?}, at most
     * 100 characters.
     */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        return EventValues.clean(text, 100);
    }
}
