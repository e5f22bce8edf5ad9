package io.ceip.agent.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/** The embedded default engine: an in-memory H2 database per test. */
public final class H2Engine implements ProductEngine {

    private final String url = "jdbc:h2:mem:engine-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    private H2Engine() {
    }

    public static H2Engine seeded() {
        H2Engine engine = new H2Engine();
        try (Connection connection = engine.admin()) {
            DemoSchema.create(connection, "TIMESTAMP",
                    "CREATE VIEW slow_usage AS SELECT SUM(MOD(a.X * b.X, 7)) AS n"
                            + " FROM SYSTEM_RANGE(1, 30000) a, SYSTEM_RANGE(1, 30000) b",
                    "CREATE VIEW next_ticket AS SELECT NEXT VALUE FOR ticket_seq AS n",
                    "CREATE VIEW open_sessions AS SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.SESSIONS"
                            + " WHERE USER_NAME = CURRENT_USER",
                    // H2 shows a user the sessions of others only when it is an administrator
                    "CREATE USER ceip_agent PASSWORD '" + AGENT_PASSWORD + "' ADMIN",
                    "CREATE USER ceip_reader PASSWORD '" + AGENT_PASSWORD + "'",
                    "GRANT SELECT ON SCHEMA PUBLIC TO ceip_reader");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return engine;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String agentUser() {
        return "CEIP_AGENT";
    }

    @Override
    public String readerUrl() {
        return url.substring(0, url.indexOf(';'));
    }

    @Override
    public String readerUser() {
        return "CEIP_READER";
    }

    @Override
    public String vendor() {
        return "h2";
    }

    @Override
    public String versionPattern() {
        return "2\\.\\d+\\.\\d+";
    }

    @Override
    public boolean enforcesReadOnly() {
        return false;
    }

    @Override
    public long runningStatementsContaining(String text) {
        return count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE EXECUTING_STATEMENT LIKE ?"
                + " AND SESSION_ID <> SESSION_ID()", "%" + text + "%");
    }

    @Override
    public long agentSessions() {
        return count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE USER_NAME = ?", agentUser());
    }

    @Override
    public void changeAgentPassword(String password) {
        execute("ALTER USER ceip_agent SET PASSWORD '" + password + "'");
    }

    @Override
    public String adminUser() {
        return "sa";
    }

    @Override
    public String adminPassword() {
        return "";
    }

    @Override
    public java.util.List<String> stateQueries() {
        return java.util.List.of("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"
                + " ORDER BY TABLE_NAME", "SELECT SEQUENCE_NAME, BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES"
                + " WHERE SEQUENCE_SCHEMA = 'PUBLIC'", "SELECT USER_NAME, IS_ADMIN FROM INFORMATION_SCHEMA.USERS"
                + " ORDER BY USER_NAME");
    }

    @Override
    public String readOnlyProbe() {
        return null;
    }

    @Override
    public String urlWithoutDriverReadOnly() {
        return null;
    }
}
