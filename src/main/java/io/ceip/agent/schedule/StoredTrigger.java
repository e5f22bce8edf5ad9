package io.ceip.agent.schedule;

import io.ceip.agent.util.OneLine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;

/** The report's trigger as the cluster's job store holds it, from the start of another node (or an earlier one). */
public final class StoredTrigger {

    /** How much of a stored cron the WARN line shows (Quartz's column holds 120 characters). */
    private static final int SHOWN = 120;

    private StoredTrigger() {
    }

    /**
     * The cron of trigger {@code group}/{@code name} of scheduler {@code scheduler} (as Camel names it: see
     * {@link #schedulerName}) in the agent's tables; empty when none is stored. Another scheduler's trigger of that
     * name (another cluster sharing the tables) is not this cluster's (review s20 cluster L3).
     */
    public static Optional<String> cron(DataSource shared, String scheduler, String group, String name)
            throws SQLException {
        try (Connection connection = shared.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT CRON_EXPRESSION FROM "
                        + QuartzTables.PREFIX + "CRON_TRIGGERS WHERE SCHED_NAME = ? AND TRIGGER_GROUP = ?"
                        + " AND TRIGGER_NAME = ?")) {
            select.setString(1, scheduler);
            select.setString(2, group);
            select.setString(3, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * The scheduler's name in Quartz's tables: Camel's quartz component prefixes {@link QuartzCluster#SCHEDULER_NAME}
     * to the context's name ({@code QuartzComponent.createInstanceName}).
     */
    public static String schedulerName(String contextName) {
        return QuartzCluster.SCHEDULER_NAME + "-" + contextName;
    }

    /**
     * The WARN line when this node's cron replaces the stored one, or empty when they are the same. When they differ
     * only in the seconds and minutes (the offset's fields) the configured cron is the same and the offset differs: a
     * node of an earlier version (its offset from the installation ID) during a rolling upgrade, which ends when every
     * node runs this version; else the crons differ. The stored cron is a row any account writing the cluster's
     * database may have changed: it is shown cut and escaped ({@link OneLine}), never as a second line.
     */
    public static Optional<String> replaced(String stored, String cron) {
        if (stored.equals(cron)) {
            return Optional.empty();
        }
        String said = "The cluster's schedule '" + OneLine.of(stored, SHOWN) + "' (stored in " + QuartzTables.PREFIX + "CRON_TRIGGERS)"
                + " is replaced by this node's '" + cron + "': ";
        return Optional.of(said + (sameButOffset(stored, cron)
                ? "the same ceip.schedule.cron with another offset, as a node of an earlier version computes it (during"
                        + " a rolling upgrade); they agree once every node runs this version"
                : "set the same ceip.schedule.cron on every node"));
    }

    private static boolean sameButOffset(String stored, String cron) {
        String[] a = stored.trim().split("\\s+");
        String[] b = cron.trim().split("\\s+");
        return a.length == b.length && a.length > 2
                && Arrays.equals(a, 2, a.length, b, 2, b.length);
    }
}
