package io.ceip.agent.collect;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * What the agent hands out instead of a product database connection: a view of one JDBC connection, already in a
 * read-only transaction ({@link CollectionConnection}), through which nothing can be committed. Whoever holds it — the
 * agent's own code or camel-jdbc — gets:
 * <ul>
 * <li>{@code commit()}, {@code setAutoCommit(true)} (which commits), {@code setReadOnly(false)}, {@code prepareCall}
 * and {@code unwrap} refused with {@link WriteRefusedException}; {@code setAutoCommit(false)} and
 * {@code setReadOnly(true)} accepted as they change nothing; every other setter of the connection (isolation,
 * catalog, schema, holdability, type map, client info, network timeout) ignored;</li>
 * <li>statements whose {@code executeUpdate}, {@code executeLargeUpdate}, {@code addBatch} and {@code executeBatch}
 * are refused and whose query timeout, row cap and field size ({@link Limits}) cannot be changed; a statement that
 * fails rolls the transaction back (so the next one starts clean, and a failed statement leaves no half-state), and
 * so does one that is closed (a table a finished query read is not kept locked, by PostgreSQL's ACCESS SHARE or
 * MariaDB's metadata lock, while the next query runs: the product's own ALTER or LOCK TABLE would wait for it);</li>
 * <li>result sets that cannot be updated ({@code update*}, {@code insertRow}, {@code deleteRow} refused);</li>
 * <li>the connection behind any statement, result set or metadata object is this view again, never the driver's.</li>
 * </ul>
 * {@code close()} returns nothing when the view belongs to a collection (the collection closes it), else rolls
 * back and closes. This is the agent's guard, not the boundary: a database account that can only read is
 * (see README, "The product database").
 */
final class GuardedConnection {

    /**
     * The per-statement limits the agent sets on every new statement (timeout, row cap, fetch and field size); may
     * refuse to start it.
     */
    interface Limits {
        void apply(Statement statement) throws SQLException;
    }

    private static final Set<String> STATEMENT_WRITES = Set.of("executeUpdate", "executeLargeUpdate", "addBatch",
            "executeBatch", "executeLargeBatch");
    private static final Set<String> STATEMENT_LIMITS = Set.of("setQueryTimeout", "setMaxRows", "setLargeMaxRows",
            "setMaxFieldSize");
    private static final Set<String> RESULT_SET_WRITES = Set.of("insertRow", "deleteRow");

    private final Connection raw;
    private final Limits limits;
    private final boolean closeable;
    private final Connection view;

    private GuardedConnection(Connection raw, Limits limits, boolean closeable) {
        this.raw = raw;
        this.limits = limits;
        this.closeable = closeable;
        this.view = proxy(Connection.class, (proxy, method, args) -> onConnection(method, args));
    }

    /** The guarded view of {@code raw}; {@code closeable}: whether closing the view rolls back and closes it. */
    static Connection of(Connection raw, Limits limits, boolean closeable) {
        return new GuardedConnection(raw, limits, closeable).view;
    }

    private Object onConnection(Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "commit", "prepareCall", "unwrap" -> throw new WriteRefusedException(name);
            case "setAutoCommit" -> {
                if ((Boolean) args[0]) {
                    throw new WriteRefusedException("setAutoCommit(true)");
                }
                return null;
            }
            case "setReadOnly" -> {
                if (!(Boolean) args[0]) {
                    throw new WriteRefusedException("setReadOnly(false)");
                }
                return null;
            }
            case "isWrapperFor" -> {
                return false;
            }
            case "close" -> {
                if (closeable) {
                    try (Connection closing = raw) {
                        closing.rollback();
                    }
                }
                return null;
            }
            case "equals" -> {
                return view == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(view);
            }
            default -> {
                if (name.startsWith("set") && !name.equals("setSavepoint")) {
                    return null;
                }
            }
        }
        Object result = invoke(raw, method, args);
        if (result instanceof Statement statement) {
            try {
                limits.apply(statement);
            } catch (SQLException e) {
                statement.close();
                throw e;
            }
            return wrap(statement, method.getReturnType(), null);
        }
        if (result instanceof DatabaseMetaData) {
            return wrap(result, DatabaseMetaData.class, null);
        }
        return result;
    }

    /** A view of a statement, result set or metadata object; {@code parent}: the statement view of a result set. */
    private Object wrap(Object target, Class<?> type, Object parent) {
        Object[] self = new Object[1];
        self[0] = proxy(type, (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("unwrap") || STATEMENT_WRITES.contains(name) && target instanceof Statement
                    || target instanceof ResultSet && (name.startsWith("update") || RESULT_SET_WRITES.contains(name))) {
                throw new WriteRefusedException(type.getSimpleName() + "." + name);
            }
            switch (name) {
                case "isWrapperFor" -> {
                    return false;
                }
                case "getConnection" -> {
                    return view;
                }
                case "getStatement" -> {
                    return parent;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    if (target instanceof Statement && STATEMENT_LIMITS.contains(name)) {
                        return null;
                    }
                }
            }
            Object result;
            try {
                result = invoke(target, method, args);
            } catch (SQLException e) {
                if (!(target instanceof DatabaseMetaData)) {
                    rollbackQuietly();
                }
                throw e;
            }
            if (target instanceof Statement && name.equals("close")) {
                rollbackQuietly(); // the locks its query took (ACCESS SHARE, MariaDB's metadata lock) end with it
            }
            return result instanceof ResultSet resultSet
                    ? wrap(resultSet, ResultSet.class, target instanceof Statement ? self[0] : null) : result;
        });
        return self[0];
    }

    private void rollbackQuietly() {
        try {
            raw.rollback();
        } catch (SQLException e) {
            // the connection is broken: the statement's own error is what matters
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(GuardedConnection.class.getClassLoader(), new Class<?>[] { type }, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
