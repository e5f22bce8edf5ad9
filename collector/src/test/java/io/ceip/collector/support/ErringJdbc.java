package io.ceip.collector.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A JDBC driver for URLs {@code jdbc:erring:<the real URL without jdbc:>} that hands out the real database's
 * connections (H2, PostgreSQL), except that while {@link #arm armed} an insert into {@code ceip_report} throws the
 * given Java {@link Error} (not an exception) from its {@code executeUpdate}: as the JVM would in the store's code
 * (out of memory, a stack overflow), where the databases' own code turns every throwable into an SQLException.
 * {@link #armFor} throws only for the insert of one report ID (a poison record among good ones); and while
 * {@link #cutAt cut} a plain statement's SQL that starts with the given text fails (SQLException, state 08006)
 * before it runs: a node stopped at that point of a fill at start.
 */
public final class ErringJdbc implements Driver {

    private static final String PREFIX = "jdbc:erring:";
    private static volatile Supplier<? extends Throwable> armed;
    /** The statements that throw: those whose SQL starts so. */
    private static volatile String statement = "INSERT INTO ceip_report ";
    /** The report ID whose insert alone throws, or null: every insert. */
    private static volatile String only;
    private static volatile String cut;
    private static final ErringJdbc DRIVER = new ErringJdbc();

    static {
        try {
            DriverManager.registerDriver(DRIVER);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The URL of the same database through this driver. */
    public static String url(String realUrl) {
        return PREFIX + realUrl.substring("jdbc:".length());
    }

    /** From now on each insert into the reports table throws {@code error.get()}. */
    public static void arm(Supplier<Error> error) {
        only = null;
        statement = "INSERT INTO ceip_report ";
        armed = error;
    }

    /** From now on the insert of report {@code reportId} (only) throws {@code failure.get()}. */
    public static void armFor(String reportId, Supplier<? extends Throwable> failure) {
        only = reportId;
        statement = "INSERT INTO ceip_report ";
        armed = failure;
    }

    /** From now on each statement whose SQL starts with {@code sql} throws {@code error.get()} when executed. */
    public static void armOn(String sql, Supplier<Error> error) {
        only = null;
        statement = sql;
        armed = error;
    }

    public static void disarm() {
        armed = null;
        only = null;
        cut = null;
    }

    /** From now on each plain statement whose SQL starts with {@code sql} fails before it runs. */
    public static void cutAt(String sql) {
        cut = sql;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = call(real, method, args);
                    if (method.getName().equals("createStatement")) {
                        Statement plain = (Statement) result;
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                                (p, m, a) -> {
                                    String at = cut;
                                    if (at != null && m.getName().startsWith("execute") && a != null && a.length > 0
                                            && String.valueOf(a[0]).startsWith(at)) {
                                        throw new SQLException("cut short at " + at, "08006");
                                    }
                                    return call(plain, m, a);
                                });
                    }
                    if (method.getName().equals("prepareStatement") && args.length > 0
                            && String.valueOf(args[0]).startsWith(statement)) {
                        PreparedStatement statement = (PreparedStatement) result;
                        String[] reportId = new String[1];
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
                                    if (m.getName().equals("setString") && Integer.valueOf(1).equals(a[0])) {
                                        reportId[0] = (String) a[1];
                                    }
                                    Supplier<? extends Throwable> error = armed;
                                    String target = only;
                                    if (error != null && m.getName().startsWith("execute")
                                            && (target == null || target.equalsIgnoreCase(reportId[0]))) {
                                        throw error.get();
                                    }
                                    return call(statement, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
