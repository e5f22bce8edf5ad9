package io.ceip.agent.schedule;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** What the cluster's shared database holds already. */
final class Tables {

    private Tables() {
    }

    /** Whether table {@code name} exists, whatever case the engine stores names in. */
    static boolean exists(Connection connection, String name) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        for (String candidate : List.of(name, name.toLowerCase(Locale.ROOT))) {
            try (ResultSet tables = metaData.getTables(connection.getCatalog(), null, candidate,
                    new String[] { "TABLE" })) {
                while (tables.next()) {
                    if (tables.getString("TABLE_NAME").equalsIgnoreCase(name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
