package io.ceip.agent.schedule;

import io.ceip.agent.collect.DatabaseInfoCollector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of Quartz's JDBC job store, created if absent from the script Quartz ships for the engine
 * ({@code tables_postgres.sql}, {@code tables_mysql_innodb.sql}), with its {@code DROP} statements left out and
 * {@code QRTZ_} replaced by the agent's prefix {@value #PREFIX}, so a product's own Quartz tables are never touched.
 * Supported engines: PostgreSQL, MariaDB and MySQL.
 */
public final class QuartzTables {

    public static final String PREFIX = "CEIP_QRTZ_";
    static final int ATTEMPTS = 5;
    static final long RETRY_MILLIS = 200;

    private QuartzTables() {
    }

    /**
     * The engine of the cluster database: its Quartz script and driver delegate (the same on every engine: its values
     * read through a filter, {@link ClusterJdbcDelegate}).
     */
    public record Engine(String vendor, String script, String delegate) {
    }

    /** The engine behind {@code connection}, or an error naming the setting when clustering cannot use it. */
    public static Engine engine(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String vendor = DatabaseInfoCollector.normaliseVendor(metaData.getDatabaseProductName(),
                metaData.getDatabaseProductVersion());
        return switch (vendor) {
            case "postgresql" -> new Engine(vendor, "tables_postgres.sql", ClusterJdbcDelegate.class.getName());
            case "mariadb", "mysql" -> new Engine(vendor, "tables_mysql_innodb.sql",
                    ClusterJdbcDelegate.class.getName());
            default -> throw new IllegalArgumentException("ceip.cluster.database.url: clustering needs a PostgreSQL,"
                    + " MariaDB or MySQL database shared by the nodes; this one is " + vendor);
        };
    }

    /**
     * Creates the tables unless they all exist. Statements are made idempotent ({@code IF NOT EXISTS}), so nodes
     * starting at the same time may each run the script: one whose run collides with another's is retried (up to
     * {@value #ATTEMPTS} times, {@value #RETRY_MILLIS} ms apart and more) until every table is there.
     */
    public static void ensure(Connection connection, Engine engine) throws SQLException {
        List<String> statements = statements(engine.script(), !engine.vendor().equals("mysql"));
        List<String> tables = tables(statements);
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (allExist(connection, tables)) {
                checkShape(connection, statements);
                return;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
                connection.commit();
                checkShape(connection, statements);
                return;
            } catch (SQLException e) {
                connection.rollback();
                last = e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            try {
                Thread.sleep(RETRY_MILLIS * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (allExist(connection, tables)) {
            checkShape(connection, statements);
            return;
        }
        throw last;
    }

    private static boolean allExist(Connection connection, List<String> tables) throws SQLException {
        for (String table : tables) {
            if (!Tables.exists(connection, table)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses, in one line, a table of Quartz's name that lacks a column Quartz's script gives it (a leftover or
     * someone else's table): Quartz would fail on it at every start with a stack trace.
     */
    static void checkShape(Connection connection, List<String> statements) throws SQLException {
        for (String sql : statements) {
            Matcher table = Pattern.compile("(?is)^CREATE TABLE (?:IF NOT EXISTS )?(\\w+)\\s*\\((.*)\\)")
                    .matcher(sql);
            if (table.find()) {
                List<String> missing = new ArrayList<>(columns(table.group(2)));
                missing.removeAll(Tables.columns(connection, table.group(1)));
                if (!missing.isEmpty()) {
                    throw new IllegalArgumentException("ceip.cluster.database.url: table " + table.group(1)
                            + " in the cluster database is not Quartz's (no column " + String.join(", ", missing)
                            + "); drop or rename it, or share another database");
                }
            }
        }
    }

    /** The columns a CREATE TABLE body defines, upper case (constraints left out). */
    static List<String> columns(String body) {
        List<String> columns = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= body.length(); i++) {
            char c = i < body.length() ? body.charAt(i) : ',';
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                String name = body.substring(start, i).trim().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
                if (!name.isEmpty() && !List.of("PRIMARY", "FOREIGN", "CONSTRAINT", "UNIQUE", "KEY", "INDEX", "CHECK")
                        .contains(name)) {
                    columns.add(name);
                }
                start = i + 1;
            }
        }
        return columns;
    }

    /** The tables {@code statements} create. */
    static List<String> tables(List<String> statements) {
        List<String> tables = new ArrayList<>();
        for (String sql : statements) {
            Matcher matcher = Pattern.compile("(?i)^CREATE TABLE (?:IF NOT EXISTS )?(\\w+)").matcher(sql);
            if (matcher.find()) {
                tables.add(matcher.group(1));
            }
        }
        return tables;
    }

    /**
     * The CREATE statements of Quartz's script {@code script}, prefixed, with {@code IF NOT EXISTS} on tables and, when
     * {@code indexIfNotExists} (PostgreSQL, MariaDB; not MySQL), on indexes.
     */
    static List<String> statements(String script, boolean indexIfNotExists) {
        String text;
        try (InputStream in = org.quartz.Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/" + script)) {
            if (in == null) {
                throw new IllegalStateException("Quartz does not ship " + script);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Quartz's " + script, e);
        }
        StringBuilder withoutComments = new StringBuilder();
        for (String line : text.split("\\R")) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("--") && !trimmed.startsWith("#")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String sql : withoutComments.toString().split(";")) {
            String trimmed = sql.trim();
            String verb = trimmed.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            if (verb.equals("CREATE")) {
                String sqlWithPrefix = trimmed.replace("QRTZ_", PREFIX).replaceFirst("(?i)^CREATE\\s+TABLE\\s+",
                        "CREATE TABLE IF NOT EXISTS ");
                statements.add(indexIfNotExists
                        ? sqlWithPrefix.replaceFirst("(?i)^CREATE\\s+INDEX\\s+", "CREATE INDEX IF NOT EXISTS ")
                        : sqlWithPrefix);
            }
        }
        return statements;
    }
}
