package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes the tables of {@link Installations} on a database that lacks them (a new one, or one of an earlier collector
 * whose figures read the reports) and fills them from the reports it holds, once: each installation's latest report
 * and the days it reported on, that report's usage rows, and the installations per day. {@code ceip_active_day},
 * filled under another name and renamed last, marks the fill done ({@link FillOnce}; on H2, where each DDL statement
 * commits, a fill cut short at its last insert left it made and empty: the days were never counted). Store nodes of
 * an earlier collector must not store beside it (their reports would be missing from the figures): upgrade the store
 * nodes together.
 */
final class InstallationsFill {

    private static final long LOCK = 0x6365697069737446L;
    /** Each installation's days while they are filled (dropped at the end; a left-over one is dropped first). */
    private static final String SCRATCH = "ceip_installation_fill";
    /** The days' table while it is filled. */
    private static final String FILLING = "ceip_active_day_fill";

    private InstallationsFill() {
    }

    /**
     * Makes and fills the tables unless {@code ceip_active_day} exists; on {@code connection} (auto-commit, given back
     * so).
     *
     * @return true when it filled them
     */
    static boolean ensure(Connection connection, boolean postgres) throws SQLException {
        return FillOnce.unless(connection, postgres, LOCK, Installations.DAYS, statement -> fill(statement, postgres));
    }

    private static void fill(Statement statement, boolean postgres) throws SQLException {
        String[] ddl = Installations.ddl(postgres, FILLING);
        statement.execute("DROP TABLE IF EXISTS " + FILLING);
        statement.execute("DROP TABLE IF EXISTS " + Installations.USAGE);
        statement.execute("DROP TABLE IF EXISTS " + Installations.TABLE);
        statement.execute(ddl[0]);
        statement.execute(ddl[1]);
        statement.executeUpdate(latest());
        statement.execute("DROP TABLE IF EXISTS " + SCRATCH);
        statement.execute("CREATE TABLE " + SCRATCH + " (installation_id VARCHAR(36) PRIMARY KEY,"
                + " days_seen BIGINT NOT NULL)");
        statement.executeUpdate(days());
        statement.executeUpdate("UPDATE " + Installations.TABLE + " SET days_seen = (SELECT f.days_seen FROM "
                + SCRATCH + " f WHERE f.installation_id = " + Installations.TABLE + ".installation_id)");
        statement.execute("DROP TABLE " + SCRATCH);
        statement.executeUpdate("INSERT INTO " + Installations.USAGE + " (installation_id, source, usage_key,"
                + " amount) SELECT l.installation_id, u.source, u.usage_key, u.amount FROM "
                + Installations.TABLE + " l JOIN " + UsageRows.TABLE + " u ON u.report_id = l.report_id"
                + " AND u.received_at = l.received_at");
        statement.execute(ddl[2]);
        statement.executeUpdate("INSERT INTO " + FILLING + " (epoch_day, shard, installations)"
                + " SELECT d, 0, COUNT(DISTINCT installation_id) FROM (SELECT installation_id, " + FillOnce.DAY
                + " AS d FROM ceip_report) a GROUP BY d");
        statement.execute("ALTER TABLE " + FILLING + " RENAME TO " + Installations.DAYS); // done: the marker
    }

    /** Each installation's latest report (by time, then report ID), its days not yet set. */
    private static String latest() {
        return "INSERT INTO " + Installations.TABLE + " (installation_id, report_id, received_at, product_name,"
                + " product_version, os_name, java_version, db_vendor, consent_level, days_seen)"
                + " SELECT installation_id, report_id, received_at, product_name, product_version, os_name,"
                + " java_version, db_vendor, consent_level, 0 FROM (SELECT installation_id, report_id, received_at,"
                + " product_name, product_version, os_name, java_version, db_vendor, consent_level, ROW_NUMBER()"
                + " OVER (PARTITION BY installation_id ORDER BY received_at DESC, report_id DESC) AS r"
                + " FROM ceip_report) l WHERE r = 1";
    }

    /**
     * Each installation's days, as {@link Installations#take} keeps them, into the scratch table: bit <i>i</i> of
     * {@code days_seen} for a report on the day <i>i</i> days before the latest one's (each day once), from the
     * reports joined to their installation by its key.
     */
    private static String days() {
        return "INSERT INTO " + SCRATCH + " (installation_id, days_seen) SELECT installation_id, CAST(SUM(CAST(POWER(2,"
                + " l - d) AS BIGINT)) AS BIGINT) FROM (SELECT DISTINCT r.installation_id, "
                + FillOnce.DAY.replace("received_at", "r.received_at") + " AS d, " + FillOnce.DAY.replace("received_at",
                        "i.received_at") + " AS l FROM ceip_report r JOIN " + Installations.TABLE + " i"
                + " ON i.installation_id = r.installation_id WHERE r.received_at >= i.received_at - INTERVAL '"
                + (Installations.DAYS_BITS + 1) + "' DAY) t WHERE l - d < " + Installations.DAYS_BITS
                + " GROUP BY installation_id";
    }
}
