package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server's version, read at the store's start ({@link StoreSchema#create}): the upkeep's batches
 * ({@link RangeBatches}) read their 1,024 pages with a TID range scan, which PostgreSQL has from version 14 on; an
 * older server reads the whole table for each batch instead. Logs one WARN line naming the version and that
 * consequence when it is older than 14, nothing otherwise; the store works the same either way.
 */
final class PostgresVersion {

    /** {@code server_version_num} of the first version with TID range scans: 14.0. */
    static final int TID_RANGE_SCANS = 140_000;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresVersion.class);

    private PostgresVersion() {
    }

    /** Reads the server's version on {@code connection} and logs {@link #warning} when there is one. */
    static void check(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_setting('server_version_num'),"
                        + " current_setting('server_version')")) {
            rows.next();
            int number;
            try {
                number = Integer.parseInt(rows.getString(1).trim());
            } catch (NumberFormatException e) {
                number = 0; // not a number: no version known to be recent enough
            }
            String warning = warning(number, rows.getString(2));
            if (warning != null) {
                LOG.warn(warning);
            }
        }
    }

    /**
     * The WARN line for a server of {@code number} ({@code server_version_num}, e.g. 130012) and {@code version}
     * ({@code server_version}, e.g. "13.12", shown cut to 100 printable characters), or null from 14.0 on.
     */
    static String warning(int number, String version) {
        if (number >= TID_RANGE_SCANS) {
            return null;
        }
        return "Store: PostgreSQL " + ReportLines.printable(version) + " (server_version_num " + number + ") is older"
                + " than 14, which has no TID range scan: each batch of the store's upkeep (the fleet tables' daily"
                + " deletes, the dedupe keys' monthly one) reads its whole table instead of " + RangeBatches.PAGES
                + " pages, so the upkeep reads each table once per batch; upgrade the database to PostgreSQL 14 or"
                + " later";
    }
}
