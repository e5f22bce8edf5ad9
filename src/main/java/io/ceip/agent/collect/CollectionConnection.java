package io.ceip.agent.collect;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The only way the agent reaches the product database, guarding the host: a collection ({@link #open()} …
 * {@link #close()}) uses <b>one</b> connection, read-only, in one transaction that is rolled back at the end, and
 * returned before any network I/O. Every statement made on it gets a query timeout — the per-query timeout, or
 * what is left of the whole-collection budget if that is less (so a slow query is cancelled by the database
 * itself) — and a row cap of {@code maxRows + 1} (so a query returning more than {@code maxRows} is cut off and
 * can be marked). Once the budget is spent no statement is started. Outside a collection each
 * {@link #getConnection()} opens one guarded connection that the caller closes.
 */
public final class CollectionConnection extends DataSourceSupport {

    private final DataSource target;
    private final int queryTimeoutSeconds;
    private final Duration budget;
    private final int maxRows;
    private final Clock clock;
    private final ThreadLocal<Session> session = new ThreadLocal<>();

    private record Session(Connection connection, long deadlineMillis) {
    }

    public CollectionConnection(DataSource target, int queryTimeoutSeconds, Duration budget, int maxRows, Clock clock) {
        super(0);
        this.target = target;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.budget = budget;
        this.maxRows = maxRows;
        this.clock = clock;
    }

    /** The most rows one query may return. */
    public int maxRows() {
        return maxRows;
    }

    /** Starts a collection: takes the one connection it will use. */
    public void open() throws SQLException {
        close();
        Connection connection = target.getConnection();
        try {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        session.set(new Session(connection, clock.millis() + budget.toMillis()));
    }

    /** Ends the collection: rolls back and returns the connection. Safe to call when none is open. */
    public void close() {
        Session current = session.get();
        session.remove();
        if (current != null) {
            try (Connection connection = current.connection()) {
                connection.rollback();
            } catch (SQLException e) {
                // the connection is gone anyway
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Session current = session.get();
        if (current != null) {
            return guard(current.connection(), current.deadlineMillis(), false);
        }
        Connection connection = target.getConnection();
        connection.setReadOnly(true);
        return guard(connection, clock.millis() + budget.toMillis(), true);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the agent connects with its configured account only");
    }

    private Connection guard(Connection connection, long deadlineMillis, boolean closeable) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("close") && !closeable) {
                return null;
            }
            if (name.equals("createStatement") || name.startsWith("prepare")) {
                long left = deadlineMillis - clock.millis();
                if (left <= 0) {
                    throw new CollectionBudgetExceededException();
                }
                Statement statement = (Statement) invoke(connection, method, args);
                statement.setQueryTimeout((int) Math.max(1, Math.min(queryTimeoutSeconds, (left + 999) / 1000)));
                statement.setMaxRows(maxRows + 1);
                return statement;
            }
            return invoke(connection, method, args);
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] { Connection.class }, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public String toString() {
        return "CollectionConnection[" + target + "]";
    }
}
