package io.ceip.agent.collect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A non-pooling {@link DataSource} over {@link DriverManager}: every {@link #getConnection()} opens one physical
 * connection, which the caller closes. The agent uses it so that it never holds a connection between reports and
 * never touches a pool of the host product. {@link #toString()} shows the URL only, never the password.
 */
public final class DriverManagerDataSource extends DataSourceSupport {

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
        return "DriverManagerDataSource[" + url.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***") + "]";
    }
}
