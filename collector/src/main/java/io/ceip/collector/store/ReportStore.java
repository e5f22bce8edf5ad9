package io.ceip.collector.store;

import io.ceip.collector.validate.Report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The reports table ({@code ceip_report}) on PostgreSQL or H2: one row per report ID (lower-cased, the primary key,
 * so that a report delivered again is refused by the database), the JSON as received ({@code jsonb} on PostgreSQL,
 * {@code JSON} on H2) and the columns the fleet view reads; the report's events go to the child tables of
 * {@link EventRows} and its installation's row of the fleet view ({@code ceip_installation}, {@link Installations}) in
 * the same transaction, so a duplicate adds none. Each report is its own transaction: when {@link #store} returns, its rows are committed. Creates the tables
 * when missing. Logs one INFO line per report stored and per duplicate (IDs and product, never the report's content:
 * {@link ReportLines}).
 */
public final class ReportStore implements AutoCloseable {

    /** What became of a report handed to {@link #store}. */
    public enum Outcome { STORED, DUPLICATE, REJECTED }

    private final Connections connections;
    private final boolean postgres;
    private final EventNames eventNames;
    private final ReportLines lines = new ReportLines();
    private final ReportInsert insert;

    /** The bounds: {@code collector.store.max-event-names-per-day} and {@code max-column-values-per-day}. */
    public ReportStore(String url, String user, String password, int maxEventNamesPerDay, int maxColumnValuesPerDay) {
        this.connections = new Connections(url, user, password, 8);
        this.postgres = url.startsWith("jdbc:postgresql:");
        FleetLock.warnIfAcrossProcesses(url); // H2 in server mode: the lock between reports and upkeep is this JVM's
        this.eventNames = new EventNames(maxEventNamesPerDay, maxColumnValuesPerDay);
        this.insert = new ReportInsert(connections, postgres, eventNames, lines);
    }

    /**
     * Creates the tables and indexes if missing ({@link StoreSchema#create}): on PostgreSQL the monthly partitions of
     * {@link Partitions} (and the months ahead); on H2 one plain table.
     */
    public void createSchema() throws SQLException {
        on(0, connection -> {
            StoreSchema.create(connection, postgres);
            return null;
        });
    }

    /**
     * The daily upkeep ({@link Retention}, {@link StoreSchema#maintain}): partitions made ahead and dropped, or rows
     * deleted, before {@code cutoff} (null keeps everything).
     *
     * @return the partitions dropped, or on H2 the number of rows deleted, for the log
     */
    public String maintain(Instant now, Instant cutoff) throws SQLException {
        return on(0, connection -> StoreSchema.maintain(connection, postgres, now, cutoff));
    }

    /** True when a report of this ID (any case) is stored. */
    public boolean contains(String reportId) throws SQLException {
        return on(Connections.ANSWER_MILLIS, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT 1 FROM " + (postgres ? "ceip_report_id" : "ceip_report") + " WHERE report_id = ?")) {
                statement.setString(1, reportId.toLowerCase(java.util.Locale.ROOT));
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /** {@link #store(byte[], Long, String)} of a record from an unnamed place (the in-process hand-off, tests). */
    public Outcome store(byte[] json, Long receivedAt) throws SQLException {
        return store(json, receivedAt, null);
    }

    /**
     * Stores one report, committed when this returns; a report ID already stored is a {@link Outcome#DUPLICATE}, a
     * report the database cannot take as it is (bad JSON for {@code jsonb}, a value out of range) is
     * {@link Outcome#REJECTED} and logged by ID: neither is retried. A record that cannot be a report (no value, an
     * empty one, not a JSON report: a tombstone, another producer) and a report whose insert fails with anything but
     * an {@link SQLException} are poison: {@link Outcome#REJECTED} too, one WARN line naming {@code where} (never the
     * content), counted once, so that the Kafka consumer moves past them instead of delivering them again for ever;
     * in the single-node form's in-process hand-off ({@code where} null) such a failure is thrown instead, so that the
     * intake answers 503 and the agent sends the report again (it is no fault of the report's). Any other SQL error
     * (the database is down) is thrown, so that the hand-off delivers the report again.
     *
     * @param receivedAt when the intake took it (Kafka's record time), or null for now
     * @param where the record's place, for the log line ({@code ceip-reports-0 offset 12}), or null: the in-process
     *        hand-off
     */
    public Outcome store(byte[] json, Long receivedAt, String where) throws SQLException {
        Report report;
        try {
            report = json == null || json.length == 0 ? null : Report.parse(json);
        } catch (RuntimeException e) {
            report = null;
        }
        if (report == null) {
            lines.notAReport(where, json);
            return Outcome.REJECTED;
        }
        return store(report, receivedAt, where);
    }

    /**
     * {@link #store(byte[], Long, String)} of a report the intake has just checked and read (the single node's
     * in-process hand-off): its tree is not built a second time.
     */
    public Outcome store(Report report, Long receivedAt, String where) throws SQLException {
        return insert.store(report, receivedAt, where);
    }

    /**
     * Takes into the bound of names and column values ({@link EventNames}) those stored on the last days it keeps
     * before {@code now}, each on the day it was first stored: a store node's start, so that a restart does not grant
     * a fresh bound. Reads the three event tables and the reports over those days only.
     */
    public void seedEventNames(Instant now) throws SQLException {
        on(0, connection -> {
            EventRows.seed(connection, now, eventNames);
            UsageRows.seed(connection, now, eventNames);
            ReportRows.seed(connection, now, eventNames);
            return null;
        });
    }

    /** Rows in the table. */
    public long count() throws SQLException {
        return on(0, connection -> Quarantine.rows(connection, "ceip_report"));
    }

    /**
     * Keeps a Kafka record the store could not take in the quarantine table ({@link Quarantine#keep}), committed when
     * this returns, and says so in one WARN line naming its place, the tries and {@code reason} (a class name); false
     * when the table holds {@code maxRows} already (nothing kept: one WARN line until a record is kept again).
     */
    boolean quarantine(Quarantine.Place place, byte[] key, byte[] value, Long recordTime, String reason, int attempts,
            long maxRows) throws SQLException {
        Quarantine.Kept kept = on(Connections.ANSWER_MILLIS, connection -> Quarantine.keep(connection, postgres,
                place, key, value, recordTime, reason, attempts, maxRows, Instant.now()));
        lines.quarantined(place, attempts, reason, kept, maxRows);
        return kept != Quarantine.Kept.FULL;
    }

    /** Records in the quarantine table (every node's, since the table was made). */
    public long quarantinedInTable() throws SQLException {
        return on(0, connection -> Quarantine.rows(connection, Quarantine.TABLE));
    }

    /** Records this node quarantined since it started. */
    public long quarantined() {
        return lines.quarantined();
    }

    /** Reports stored by this node since it started. */
    public long stored() {
        return lines.stored();
    }

    /** Reports this node found already stored (redelivered or sent again). */
    public long duplicates() {
        return lines.duplicates();
    }

    /** Records this node dropped because the database could not take them. */
    public long rejected() {
        return lines.rejected();
    }

    /** Runs {@code work} on a connection of the pool: given back after it, dropped when it throws. */
    private <T> T on(int answerMillis, Work<T> work) throws SQLException {
        Connection connection = connections.take(answerMillis);
        try {
            T result = work.on(connection);
            connections.give(connection);
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            connections.drop(connection);
            throw e;
        }
    }

    /** Work on one connection. */
    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    @Override
    public void close() {
        connections.close();
    }

    /** {@link ReportLines#printable}: a value of a report fit for one log line (no line break, 100 characters). */
    public static String printable(String text) {
        return ReportLines.printable(text);
    }
}
