package io.ceip.agent.schedule;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the cluster's shared database holds already. */
final class Tables {

    private Tables() {
    }

    /**
     * Whether table {@code name} exists in the connection's own schema (the one its unqualified names resolve to),
     * whatever case the engine stores names in. A same-named table in another schema does not count.
     */
    static boolean exists(Connection connection, String name) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        for (String candidate : List.of(name, name.toLowerCase(Locale.ROOT))) {
            try (ResultSet tables = metaData.getTables(connection.getCatalog(), connection.getSchema(), candidate,
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

    /** The columns of table {@code name} as the connection sees it, upper case. */
    static Set<String> columns(Connection connection, String name) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM " + name + " WHERE 1 = 0")) {
            ResultSetMetaData metaData = rows.getMetaData();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                columns.add(metaData.getColumnName(i).toUpperCase(Locale.ROOT));
            }
        }
        return columns;
    }
}
