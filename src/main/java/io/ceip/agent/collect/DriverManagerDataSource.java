package io.ceip.agent.collect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A non-pooling {@link DataSource} over {@link DriverManager}: every {@link #getConnection()} opens one physical
 * connection, which the caller closes. The agent uses it so that it never holds a connection between reports and
 * never touches a pool of the host product. {@link #toString()} shows the URL only as far as {@link JdbcUrls#shown}
 * allows, never a password. The PostgreSQL driver's own warning about a URL it cannot parse, which prints the whole
 * URL, password included, to the JVM's standard error (java.util.logging), is not logged (review s20 cluster H2).
 * <p>
 * H2's driver takes neither the login timeout nor a network timeout set on an open connection: over TCP
 * ({@code jdbc:h2:tcp:}, {@code ssl:}, and {@code AUTO_SERVER=TRUE} when another process holds the file) a server that
 * never answers held the caller for ever. An H2 connection is therefore opened with H2's own socket read timeout
 * ({@code NETWORK_TIMEOUT}, milliseconds: {@code h2NetworkTimeoutMillis}) unless its URL sets one; an embedded H2
 * ignores it (review s23 F1).
 * <p>
 * The product's data source ({@link #servedOnly()}) never opens an embedded H2 file given with
 * {@code AUTO_SERVER=TRUE}: it connects to the server the product runs, or fails ({@link ProductH2Server}), so that
 * the agent never becomes the server of the product's database.
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
    private final int h2NetworkTimeoutMillis;
    /** Whether an embedded H2 URL with {@code AUTO_SERVER=TRUE} is reached through the product's server only. */
    private final boolean servedOnly;

    /** A data source opening H2 connections without a read timeout (the cluster's: H2 cannot be one). */
    public DriverManagerDataSource(String url, String user, String password, int loginTimeoutSeconds) {
        this(url, user, password, loginTimeoutSeconds, 0);
    }

    /** @param h2NetworkTimeoutMillis the longest one read from an H2 server may wait (0: none), see the class */
    public DriverManagerDataSource(String url, String user, String password, int loginTimeoutSeconds,
            int h2NetworkTimeoutMillis) {
        this(url, user, password, loginTimeoutSeconds, h2NetworkTimeoutMillis, false);
    }

    private DriverManagerDataSource(String url, String user, String password, int loginTimeoutSeconds,
            int h2NetworkTimeoutMillis, boolean servedOnly) {
        super(loginTimeoutSeconds);
        this.url = url;
        this.user = user;
        this.password = password;
        this.h2NetworkTimeoutMillis = h2NetworkTimeoutMillis;
        this.servedOnly = servedOnly;
    }

    /** This data source, for the product's database: an H2 file with {@code AUTO_SERVER=TRUE} is never opened. */
    public DriverManagerDataSource servedOnly() {
        return new DriverManagerDataSource(url, user, password, getLoginTimeout(), h2NetworkTimeoutMillis, true);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        DriverManager.setLoginTimeout(getLoginTimeout());
        String url = servedOnly && ProductH2Server.applies(this.url) ? ProductH2Server.served(this.url) : this.url;
        if (h2NetworkTimeoutMillis <= 0 || url == null || !url.startsWith("jdbc:h2:")
                || url.toUpperCase(Locale.ROOT).contains("NETWORK_TIMEOUT")) {
            return DriverManager.getConnection(url, username, pass);
        }
        Properties info = new Properties();
        if (username != null) {
            info.setProperty("user", username);
        }
        if (pass != null) {
            info.setProperty("password", pass);
        }
        info.setProperty("NETWORK_TIMEOUT", Integer.toString(h2NetworkTimeoutMillis));
        return DriverManager.getConnection(url, info);
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
