package io.ceip.agent.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The report's trigger as the cluster's job store holds it, from the start of another node (or an earlier one). */
public final class StoredTrigger {

    private StoredTrigger() {
    }

    /**
     * The cron of trigger {@code group}/{@code name} in the agent's tables (whatever the scheduler's name, which Camel
     * prefixes with the context's); empty when none is stored.
     */
    public static Optional<String> cron(DataSource shared, String group, String name) throws SQLException {
        try (Connection connection = shared.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT CRON_EXPRESSION FROM "
                        + QuartzTables.PREFIX + "CRON_TRIGGERS WHERE TRIGGER_GROUP = ? AND TRIGGER_NAME = ?")) {
            select.setString(1, group);
            select.setString(2, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }
}
