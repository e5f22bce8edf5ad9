package io.ceip.agent.collect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The agent's own end to a wait on the product database: a JDBC network timeout
 * ({@link Connection#setNetworkTimeout}) on every connection the agent opens to it. A statement timeout works by
 * asking the server to cancel, so a server that stops answering (a backend stuck in I/O, a paused VM, a path
 * dropped by a firewall) never ends it; the network timeout ends any single wait for the server after the
 * statement's own timeout plus {@link #GRACE}: the statement then fails with a connection error (SQLSTATE class
 * {@code 08}, reason {@code connection}) and the driver closes the connection. pgjdbc and MariaDB Connector/J set
 * it as the socket's read timeout; H2 accepts it and does nothing (over TCP it gets its own when connecting, from
 * {@link DriverManagerDataSource}; embedded H2 has no socket).
 * <p>
 * The executor handed to the driver (the JDBC contract asks for one, for the network timeout and for
 * {@link Connection#abort}) is small and bounded: one daemon thread at most, started only on demand, and at most
 * 16 tasks waiting; more are dropped. The cluster's shared database ({@code schedule.ClusterDatabase}) uses it
 * too.
 */
public final class NetworkTimeouts {

    /** What the network timeout allows beyond the statement's own timeout, for the server's cancel to come back. */
    static final Duration GRACE = Duration.ofSeconds(5);

    /** The small bounded executor handed to drivers (network timeout, abort). */
    static final Executor EXECUTOR = executor();

    private NetworkTimeouts() {
    }

    /**
     * Sets {@code connection}'s network timeout to {@code statementMillis} plus {@link #GRACE} (at most
     * {@link Integer#MAX_VALUE} ms); a driver that does not support it is left as it is.
     */
    public static void set(Connection connection, long statementMillis) throws SQLException {
        try {
            connection.setNetworkTimeout(EXECUTOR, millis(statementMillis));
        } catch (SQLFeatureNotSupportedException e) {
            // a driver without network timeouts: its statement timeout is all there is
        }
    }

    /** The network timeout of a statement of {@code statementMillis}: that plus {@link #GRACE}, at most 2^31-1 ms. */
    public static int millis(long statementMillis) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, statementMillis) + GRACE.toMillis());
    }

    private static Executor executor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
                task -> {
                    Thread thread = new Thread(task, "ceip-jdbc-network-timeout");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.DiscardPolicy());
        return executor;
    }
}
