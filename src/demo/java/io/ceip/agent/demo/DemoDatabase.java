package io.ceip.agent.demo;

import io.ceip.agent.collect.DataSourceSupport;
import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.collect.EmbeddedDatabaseFiles;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * The demo product database of the default run: a small monitoring product's schema (hosts, services, host and
 * service groups, users, UI events) with a few rows, created when {@code ceip.database.demo-data} is true, by the
 * first connection the agent takes ({@link #seedingOnFirstUse}), so the start does not wait for it. Existing
 * tables are left as they are.
 * <p>
 * The agent collects from it as {@value #READER}, a user that can only read — as the README tells a vendor to set
 * up for a real product database: the configured account (the owner, {@code sa}) seeds the data and creates the
 * reader ({@code CREATE USER}, {@code GRANT SELECT ON SCHEMA PUBLIC} and nothing else), with a new random password
 * for each run of the agent that never leaves memory. H2 has no read-only transactions, so on H2 the reader's
 * rights are the boundary: it may not write a table, create anything, or use H2's file functions.
 */
public final class DemoDatabase {

    /** The user the agent collects as. */
    public static final String READER = "CEIP_READER";

    private DemoDatabase() {
    }

    /**
     * Connections to the demo database as {@value #READER}; the first one seeds the demo data and (re)creates the
     * reader with the configured owner account of {@code owner} ({@link #ensure}). The reader connects with the
     * database path of the URL only: H2 lets only an administrator give settings such as {@code DB_CLOSE_DELAY}
     * (which the owner's connection has made the database's own). A database opened read-only
     * ({@link EmbeddedDatabaseFiles#readOnly}, as {@code preview} opens an existing demo database) is read as it is, by
     * the owner account: nothing can be seeded or created in it.
     */
    public static DataSource seedingOnFirstUse(DriverManagerDataSource owner) {
        if (EmbeddedDatabaseFiles.isReadOnly(owner.url())) {
            return owner; // opened read-only (a preview of the demo database): nothing to seed, no reader to make
        }
        String password = HexFormat.of().formatHex(randomBytes());
        String readerUrl = owner.url().contains(";") ? owner.url().substring(0, owner.url().indexOf(';')) : owner.url();
        DriverManagerDataSource reader = new DriverManagerDataSource(readerUrl, READER, password,
                owner.getLoginTimeout());
        return new DataSourceSupport(0) {
            private volatile boolean seeded;

            @Override
            public Connection getConnection() throws SQLException {
                if (!seeded) {
                    synchronized (this) {
                        if (!seeded) {
                            ensure(owner);
                            createReader(owner, password);
                            seeded = true;
                        }
                    }
                }
                return reader.getConnection();
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                throw new SQLFeatureNotSupportedException("the agent connects with its configured account only");
            }

            @Override
            public String toString() {
                return reader.toString();
            }
        };
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /**
     * The demo's component inventory and licence (config/inventory.yaml): declared modules, widgets and plugins, one
     * undeclared module of the customer's own (sent as a pseudonym), one whose version is not a version (dropped);
     * an enterprise licence with its customer's name and raw key (neither is read), feature flags (one undeclared)
     * and two connected engines (sent as pseudonyms).
     */
    private static void inventory(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE product_module (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                + " version VARCHAR(100), kind VARCHAR(20))");
        statement.execute("INSERT INTO product_module VALUES (1, 'monitoring-core', '1.0.0', 'module'),"
                + " (2, 'dashboards', '1.0.0', 'module'), (3, 'reporting', '1.0.0', 'module'),"
                + " (4, 'widget/graph', '2.1.0', 'widget'), (5, 'widget/top-hosts', '2.0.3-beta', 'widget'),"
                + " (6, 'connector/snmp', '24.04.1', 'plugin'), (7, 'acme-billing-bridge', '0.9.2', 'plugin'),"
                + " (8, 'connector/ssh', 'built by jdoe on build-01', 'plugin')");
        statement.execute("CREATE TABLE licence (id INT PRIMARY KEY, licence_type VARCHAR(40), customer VARCHAR(200),"
                + " valid_until DATE, unlimited BOOLEAN, licence_key VARCHAR(400))");
        statement.execute("INSERT INTO licence VALUES (1, 'enterprise', 'ACME Corporation', DATE '2027-06-30',"
                + " FALSE, 'customer=ACME Corporation;expiry=2027-06-30;sig=7F3KQ9ZL2M8XW4RT')");
        statement.execute("CREATE TABLE licence_feature (feature VARCHAR(100) PRIMARY KEY, enabled BOOLEAN)");
        statement.execute("INSERT INTO licence_feature VALUES ('dashboards', TRUE), ('reporting', TRUE),"
                + " ('connectors', FALSE), ('beta-assistant', TRUE)");
        statement.execute("CREATE TABLE connected_engine (engine_id VARCHAR(64) PRIMARY KEY)");
        statement.execute("INSERT INTO connected_engine VALUES ('8343cc7a-8ad1-42d4-97d2-43452c0bdfa3'),"
                + " ('22607b92-fcb8-11ea-adc1-0242ac120002')");
    }

    /** Creates the user {@value #READER} if absent, with SELECT on the schema only, and gives it {@code password}. */
    static void createReader(DataSource owner, String password) throws SQLException {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE USER IF NOT EXISTS " + READER + " PASSWORD '" + password + "'");
            statement.execute("ALTER USER " + READER + " SET PASSWORD '" + password + "'");
            statement.execute("GRANT SELECT ON SCHEMA PUBLIC TO " + READER);
        }
    }

    /**
     * Creates the demo tables and rows if the {@code host} table does not exist yet, and the inventory's (components,
     * licence) if the {@code product_module} table does not (a demo database of an earlier version gets them too).
     */
    public static void ensure(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!connection.getMetaData().getTables(null, null, "PRODUCT_MODULE", null).next()) {
                inventory(statement);
            }
            if (connection.getMetaData().getTables(null, null, "HOST", null).next()) {
                return;
            }
            statement.execute("CREATE TABLE host_group (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            statement.execute("CREATE TABLE host (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                    + " address VARCHAR(100), group_id INT REFERENCES host_group(id))");
            statement.execute("CREATE TABLE service_group (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            statement.execute("CREATE TABLE service (id INT PRIMARY KEY, host_id INT REFERENCES host(id),"
                    + " name VARCHAR(100) NOT NULL, group_id INT REFERENCES service_group(id))");
            statement.execute("CREATE TABLE app_user (id INT PRIMARY KEY, login VARCHAR(100) NOT NULL,"
                    + " email VARCHAR(200), password_hash VARCHAR(200))");
            statement.execute("CREATE TABLE ui_event (id INT PRIMARY KEY, feature VARCHAR(100) NOT NULL,"
                    + " occurred_at TIMESTAMP NOT NULL)");
            statement.execute("INSERT INTO host_group VALUES (1, 'linux-servers'), (2, 'network')");
            statement.execute("INSERT INTO service_group VALUES (1, 'web'), (2, 'databases'), (3, 'storage')");
            for (int i = 1; i <= 12; i++) {
                statement.execute("INSERT INTO host VALUES (" + i + ", 'host-" + i + "', '10.0.0." + i + "', "
                        + (i % 2 + 1) + ")");
            }
            for (int i = 1; i <= 40; i++) {
                statement.execute("INSERT INTO service VALUES (" + i + ", " + (i % 12 + 1) + ", 'service-" + i
                        + "', " + (i % 3 + 1) + ")");
            }
            statement.execute("INSERT INTO app_user VALUES (1, 'admin', 'admin@example.com', 'x'),"
                    + " (2, 'operator', 'ops@example.com', 'y'), (3, 'viewer', 'viewer@example.com', 'z')");
            for (int i = 1; i <= 30; i++) {
                String feature = i % 3 == 0 ? "custom-views" : i % 3 == 1 ? "dashboards" : "reports";
                statement.execute("INSERT INTO ui_event VALUES (" + i + ", '" + feature
                        + "', CURRENT_TIMESTAMP)");
            }
        }
    }
}
