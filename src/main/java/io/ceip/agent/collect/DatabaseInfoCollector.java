package io.ceip.agent.collect;


import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Reads the product database's vendor and version from the JDBC metadata and normalises them: the vendor in
 * lower case without blanks ({@code h2}, {@code postgresql}, {@code mariadb}, {@code mysql}; a vendor outside
 * {@link ReportedNames#databaseVendor}'s set is {@code other} in the report: a driver's own text never is), the version
 * as its leading dotted numbers ({@code 2.3.232}, {@code 16.4}).
 */
public final class DatabaseInfoCollector {

    private final DataSource dataSource;

    public DatabaseInfoCollector(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens one connection, reads the metadata and closes it. */
    public DatabaseInfo collect() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            String product = metaData.getDatabaseProductName();
            String version = metaData.getDatabaseProductVersion();
            return new DatabaseInfo(ReportedNames.databaseVendor(normaliseVendor(product, version)),
                    normaliseVersion(version));
        }
    }

    /** The vendor as reported: lower case, no blanks, {@code mariadb} for MariaDB whatever the product name. */
    public static String normaliseVendor(String product, String version) {
        String name = product == null ? "unknown" : product.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        if (version != null && version.toLowerCase(Locale.ROOT).contains("mariadb")) {
            return "mariadb";
        }
        return name;
    }

    static String normaliseVersion(String version) {
        if (version == null) {
            return "unknown";
        }
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\d+(\\.\\d+)*").matcher(version);
        return matcher.find() ? matcher.group() : "unknown";
    }
}
