package io.ceip.agent.schedule;

import io.ceip.agent.collect.DataSourceSupport;
import io.ceip.agent.collect.JdbcUrls;
import io.ceip.agent.collect.NetworkTimeouts;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The connections to the cluster's shared database, for Quartz's job store and the state store alike, each with an
 * end to every wait for the server: a lock wait and a statement end after about {@code waitLimit} on the server, and
 * a session left inside a transaction by a node that vanished after twice that ({@link ClusterSessionTimeouts}); a
 * server that stops answering (frozen, a paused VM, a dropped network path) is given up after {@code waitLimit} plus {@link NetworkTimeouts#GRACE} by the JDBC network timeout. The
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
            String session = ClusterSessionTimeouts.statement(connection.getMetaData(), waitLimit);
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
