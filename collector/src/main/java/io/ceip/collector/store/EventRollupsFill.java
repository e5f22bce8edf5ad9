package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes the tables of {@link EventRollups} on a database that lacks them (a new one, or one of an earlier collector
 * whose event figures read the event rows) and fills them from the event rows it holds, once: each installation's
 * latest day per name, and per day and name the sums and the installations whose latest day it is (all in shard 0:
 * the figures only sum shards). The day table is filled under another name and renamed to {@code ceip_event_day}
 * last, which marks the fill done ({@link FillOnce}: one transaction, under an advisory lock on PostgreSQL; on H2 a
 * fill cut short leaves no {@code ceip_event_day} and is done again from the start). Reads each event row once
 * (grouped), and joins by key only to tables it made with that key.
 */
final class EventRollupsFill {

    private static final long LOCK = 0x6365697065766e74L;
    /** The day table while it is filled. */
    private static final String FILLING = "ceip_event_day_fill";
    /** Per day and name, the installations whose latest day it is (dropped at the end). */
    private static final String LATEST = "ceip_event_fill_latest";
    /** The event tables: kind, table, name column, detail column, amount column. */
    private static final String[][] SOURCES = {{"f", "ceip_feature_use", "feature", "''", "uses"},
        {"e", "ceip_error", "fingerprint", "exception_type", "occurrences"},
        {"d", "ceip_duration", "operation", "''", "runs"}};

    private EventRollupsFill() {
    }

    /**
     * Makes and fills the tables unless {@code ceip_event_day} exists; on {@code connection} (auto-commit, given back
     * so).
     *
     * @return true when it filled them
     */
    static boolean ensure(Connection connection, boolean postgres) throws SQLException {
        return FillOnce.unless(connection, postgres, LOCK, EventRollups.DAYS, statement -> fill(statement, postgres));
    }

    private static void fill(Statement statement, boolean postgres) throws SQLException {
        for (String table : new String[] {EventRollups.LAST, FILLING, LATEST}) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
        String[] ddl = EventRollups.ddl(FILLING, postgres);
        statement.execute(ddl[0]);
        for (String[] source : SOURCES) {
            statement.executeUpdate("INSERT INTO " + EventRollups.LAST + " (installation_id, kind, name,"
                    + " detail, last_day) SELECT installation_id, '" + source[0] + "', " + source[2] + ", "
                    + source[3] + ", MAX(" + FillOnce.DAY + ") FROM " + source[1]
                    + " GROUP BY installation_id, " + source[2] + group(source));
        }
        statement.execute("CREATE TABLE " + LATEST + " (epoch_day INT NOT NULL, kind VARCHAR(1) NOT NULL,"
                + " name VARCHAR(" + EventRows.NAME_CHARS + ") NOT NULL, detail VARCHAR("
                + EventRows.EXCEPTION_CHARS + ") NOT NULL, installations BIGINT NOT NULL,"
                + " PRIMARY KEY (epoch_day, kind, name, detail))");
        statement.executeUpdate("INSERT INTO " + LATEST + " (epoch_day, kind, name, detail, installations)"
                + " SELECT last_day, kind, name, detail, COUNT(*) FROM " + EventRollups.LAST
                + " GROUP BY last_day, kind, name, detail");
        statement.execute(ddl[1]);
        for (String[] source : SOURCES) {
            boolean duration = source[0].equals("d");
            String weighted = duration ? "SUM(CAST(runs AS DECIMAL(38, 0)) * p50_ms),"
                    + " SUM(CAST(runs AS DECIMAL(38, 0)) * p90_ms), SUM(CAST(runs AS DECIMAL(38, 0)) * p99_ms),"
                    + " MAX(p99_ms), MAX(max_ms)" : "0, 0, 0, 0, 0";
            statement.executeUpdate("INSERT INTO " + FILLING + " (epoch_day, kind, name, detail, shard,"
                    + " installations, amount, p50, p90, p99, worst_p99, max_ms) SELECT d, '" + source[0]
                    + "', " + source[2] + ", " + source[3] + ", 0, 0, SUM(CAST(" + source[4]
                    + " AS DECIMAL(38, 0))), " + weighted + " FROM (SELECT " + FillOnce.DAY
                    + " AS d, " + source[1] + ".* FROM " + source[1] + ") t GROUP BY d, " + source[2]
                    + group(source));
        }
        statement.executeUpdate("UPDATE " + FILLING + " SET installations = COALESCE((SELECT l.installations"
                + " FROM " + LATEST + " l WHERE l.epoch_day = " + FILLING + ".epoch_day AND l.kind = "
                + FILLING + ".kind AND l.name = " + FILLING + ".name AND l.detail = " + FILLING
                + ".detail), 0)");
        statement.execute("DROP TABLE " + LATEST);
        statement.execute("ALTER TABLE " + FILLING + " RENAME TO " + EventRollups.DAYS);
    }

    /** The detail column after a comma, for a GROUP BY; nothing when it is the constant {@code ''}. */
    private static String group(String[] source) {
        return source[3].equals("''") ? "" : ", " + source[3];
    }
}
