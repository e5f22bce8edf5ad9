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
     * whatever case the engine stores names in. A same-named table in another schema does not count: the schema and
     * the name go to {@code getTables} as patterns with their {@code _} and {@code %} escaped, and a row counts only
     * when its schema is the connection's (review s20 cluster M2: schema {@code s_1} counted {@code sx1}'s tables). A
     * connection without a schema counts nothing on an engine with schemas (PostgreSQL with no schema of its search
     * path existing: creating the table then fails, naming why), and its catalog's tables on one without (MariaDB and
     * MySQL, whose databases are catalogs).
     */
    static boolean exists(Connection connection, String name) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String schema = connection.getSchema();
        if (schema == null && metaData.supportsSchemasInTableDefinitions()) {
            return false;
        }
        String catalog = connection.getCatalog();
        String escape = metaData.getSearchStringEscape();
        for (String candidate : List.of(name, name.toLowerCase(Locale.ROOT))) {
            try (ResultSet tables = metaData.getTables(catalog, schema == null ? null : pattern(schema, escape),
                    pattern(candidate, escape), new String[] { "TABLE" })) {
                while (tables.next()) {
                    if (tables.getString("TABLE_NAME").equalsIgnoreCase(name)
                            && (schema == null ? sameOrUnnamed(catalog, tables.getString("TABLE_CAT"))
                                    : schema.equals(tables.getString("TABLE_SCHEM")))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** {@code name} as a {@code getTables} pattern matching it alone (unescaped if the driver has no escape). */
    static String pattern(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    private static boolean sameOrUnnamed(String catalog, String tableCatalog) {
        return catalog == null || tableCatalog == null || catalog.equals(tableCatalog);
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
