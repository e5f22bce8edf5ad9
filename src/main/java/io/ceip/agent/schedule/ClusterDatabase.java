package io.ceip.agent.schedule;

import io.ceip.agent.collect.DataSourceSupport;
import io.ceip.agent.collect.DatabaseInfoCollector;
import io.ceip.agent.collect.JdbcUrls;
import io.ceip.agent.collect.NetworkTimeouts;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The connections to the cluster's shared database, for Quartz's job store and the state store alike, each with an
 * end to every wait for the server: a lock wait and a statement end after {@code waitLimit} on the server
 * ({@code lock_timeout} and {@code statement_timeout} on PostgreSQL, {@code innodb_lock_wait_timeout} and, on
 * MariaDB, {@code max_statement_time}), and a server that stops answering (frozen, a paused VM, a dropped network
 * path) is given up after {@code waitLimit} plus {@link NetworkTimeouts#GRACE} by the JDBC network timeout. The
 * operation then fails with an error Quartz retries, instead of blocking its threads for ever.
 */
public final class ClusterDatabase extends DataSourceSupport {

    private final DataSource connections;
    private final String url;
    private final Duration waitLimit;

    /**
     * @param connections opens the physical connections
     * @param url the database's JDBC URL (shown only as {@link #describe()} allows)
     */
    public ClusterDatabase(DataSource connections, String url, Duration waitLimit) {
        super(0);
        this.connections = connections;
        this.url = url;
        this.waitLimit = waitLimit;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = connections.getConnection();
        try {
            NetworkTimeouts.set(connection, waitLimit.toMillis());
            String session = sessionTimeouts(connection.getMetaData());
            if (!session.isEmpty()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(session);
                }
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("the cluster database's account is set by ceip.cluster.database.user");
    }

    /** The statement that sets this session's lock and statement timeouts on the engine; empty when it has none. */
    private String sessionTimeouts(DatabaseMetaData metaData) throws SQLException {
        long millis = waitLimit.toMillis();
        long seconds = Math.max(1, waitLimit.toSeconds());
        return switch (DatabaseInfoCollector.normaliseVendor(metaData.getDatabaseProductName(),
                metaData.getDatabaseProductVersion())) {
            case "postgresql" -> "SET lock_timeout = " + millis + "; SET statement_timeout = " + millis;
            case "mariadb" -> "SET SESSION innodb_lock_wait_timeout = " + seconds + ", max_statement_time = " + seconds;
            case "mysql" -> "SET SESSION innodb_lock_wait_timeout = " + seconds;
            default -> "";
        };
    }

    /**
     * The database as the log, the start's failure line and Quartz's properties name it: only as much of the JDBC URL
     * as surely carries no credential ({@link JdbcUrls#shown}).
     */
    public String describe() {
        return JdbcUrls.shown(url);
    }

    @Override
    public String toString() {
        return describe();
    }
}
