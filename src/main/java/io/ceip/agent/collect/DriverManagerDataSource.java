package io.ceip.agent.collect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A non-pooling {@link DataSource} over {@link DriverManager}: every {@link #getConnection()} opens one physical
 * connection, which the caller closes. The agent uses it so that it never holds a connection between reports and
 * never touches a pool of the host product. {@link #toString()} shows the URL only as far as {@link JdbcUrls#shown}
 * allows, never a password. The PostgreSQL driver's own warning about a URL it cannot parse, which prints the whole
 * URL, password included, to the JVM's standard error (java.util.logging), is not logged (review s20 cluster H2).
 */
public final class DriverManagerDataSource extends DataSourceSupport {

    /** Held so that its level stays set (java.util.logging keeps its loggers weakly). */
    private static final Logger PGJDBC_DRIVER = Logger.getLogger("org.postgresql.Driver");

    static {
        PGJDBC_DRIVER.setLevel(Level.SEVERE);
    }

    private final String url;
    private final String user;
    private final String password;

    public DriverManagerDataSource(String url, String user, String password, int loginTimeoutSeconds) {
        super(loginTimeoutSeconds);
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        DriverManager.setLoginTimeout(getLoginTimeout());
        return DriverManager.getConnection(url, username, pass);
    }

    /** The JDBC URL. */
    public String url() {
        return url;
    }

    @Override
    public String toString() {
        return "DriverManagerDataSource[" + JdbcUrls.shown(url) + "]";
    }
}
