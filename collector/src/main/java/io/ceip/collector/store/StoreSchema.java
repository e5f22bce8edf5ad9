package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store's tables and their daily upkeep, on one connection the caller owns ({@link ReportStore}). */
final class StoreSchema {

    private static final Logger LOG = LoggerFactory.getLogger(StoreSchema.class);

    private StoreSchema() {
    }

    /**
     * Creates the tables and indexes if missing: on PostgreSQL the monthly partitions of {@link Partitions} (and the
     * months ahead), after checking the layout of an existing database (and warning of a server older than 14:
     * {@link PostgresVersion}); on H2 one plain table; the event tables of
     * {@link EventRows} and {@link UsageRows} on both; the fleet view's tables of {@link Installations} and
     * {@link EventRollups}, filled from the reports and event rows kept when they are new ({@link InstallationsFill},
     * {@link EventRollupsFill}); the {@link Quarantine} table.
     */
    static void create(Connection connection, boolean postgres) throws SQLException {
        String[] ddl = postgres ? Partitions.schema() : new String[] {
            "CREATE TABLE IF NOT EXISTS ceip_report ("
                + " report_id VARCHAR(36) PRIMARY KEY,"
                + ReportRows.COLUMNS
                + " report JSON NOT NULL)",
            "CREATE INDEX IF NOT EXISTS ceip_report_received ON ceip_report (received_at)",
            "CREATE INDEX IF NOT EXISTS ceip_report_installation ON ceip_report (installation_id)"};
        try (Statement statement = connection.createStatement()) {
            if (postgres) {
                PostgresVersion.check(connection);
                Partitions.checkLayout(connection);
            }
            for (String sql : ddl) {
                statement.execute(sql);
            }
            for (String sql : EventRows.ddl(postgres)) {
                statement.execute(sql);
            }
            for (String sql : UsageRows.ddl(postgres)) { // IF NOT EXISTS: an earlier collector's database gets it
                statement.execute(sql);
            }
        }
        Quarantine.create(connection, postgres);
        if (InstallationsFill.ensure(connection, postgres)) {
            LOG.info("Store: the fleet view's installation tables made and filled from the reports kept");
        }
        if (EventRollupsFill.ensure(connection, postgres)) {
            LOG.info("Store: the fleet view's event roll-ups made and filled from the event rows kept");
        }
    }

    /**
     * The daily upkeep: on PostgreSQL makes the partitions of this month and the {@value Partitions#MONTHS_AHEAD}
     * next (reports and event rows), drops those wholly older than {@code cutoff} and deletes the dedupe rows of the
     * months dropped (in short batches, {@link Partitions#deleteIds}), each its own transaction; on H2 deletes the
     * reports and event rows older than {@code cutoff} in short batches ({@link RangeBatches}); on
     * both then the installations whose latest report is older than {@code cutoff} and the event roll-ups of the days
     * before its day, in short transactions that never deadlock with a report being stored ({@link FleetUpkeep}). A
     * null cutoff keeps everything.
     *
     * @return the partitions dropped, or on H2 the number of rows deleted, and the fleet tables' rows, for the log
     */
    static String maintain(Connection connection, boolean postgres, Instant now, Instant cutoff) throws SQLException {
        if (postgres) {
            String dropped;
            connection.setAutoCommit(false);
            try {
                Partitions.makeAhead(connection, now);
                connection.commit();
                dropped = cutoff == null ? "[]" : Partitions.dropBefore(connection, cutoff).toString();
                connection.commit(); // the drops' locks (every report's insert waits on them) end before the deletes
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            if (cutoff == null) {
                return dropped;
            }
            Partitions.deleteIds(connection, cutoff);
            return dropped + ", " + fleet(connection, postgres, cutoff);
        }
        String done = RangeBatches.receivedBefore(connection, "ceip_report",
                Timestamp.from(cutoff == null ? Instant.EPOCH : cutoff)) + " rows";
        return cutoff == null ? done : done + ", " + EventRows.deleteBefore(connection, cutoff) + " event rows, "
                + UsageRows.deleteBefore(connection, cutoff) + " usage rows, " + fleet(connection, postgres, cutoff);
    }

    /** {@link FleetUpkeep#deleteBefore} on {@code connection} given back in auto-commit. */
    private static String fleet(Connection connection, boolean postgres, Instant cutoff) throws SQLException {
        connection.setAutoCommit(true);
        return FleetUpkeep.deleteBefore(connection, postgres, cutoff);
    }
}
