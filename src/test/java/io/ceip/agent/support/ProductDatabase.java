package io.ceip.agent.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An in-memory H2 product database for one test, with the demo schema and a known number of rows, and H2's own
 * statement statistics switched on so a test can see which statements the agent ran.
 */
public final class ProductDatabase {

    public static final int HOSTS = 7;
    public static final int SERVICES = 19;
    public static final int HOST_GROUPS = 3;
    public static final int SERVICE_GROUPS = 4;
    public static final int USERS = 5;
    public static final int UI_EVENTS = 11;

    private final String url = "jdbc:h2:mem:product-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    private ProductDatabase() {
    }

    public static ProductDatabase seeded() {
        ProductDatabase db = new ProductDatabase();
        db.execute("CREATE TABLE host_group (id INT PRIMARY KEY, name VARCHAR(100))",
                "CREATE TABLE host (id INT PRIMARY KEY, name VARCHAR(100), address VARCHAR(100))",
                "CREATE TABLE service_group (id INT PRIMARY KEY, name VARCHAR(100))",
                "CREATE TABLE service (id INT PRIMARY KEY, name VARCHAR(100))",
                "CREATE TABLE app_user (id INT PRIMARY KEY, login VARCHAR(1000), email VARCHAR(1000))",
                "CREATE TABLE ui_event (id INT PRIMARY KEY, feature VARCHAR(1000), occurred_at TIMESTAMP)");
        db.insert("host_group", HOST_GROUPS, "'group'");
        db.insert("host", HOSTS, "'host', '192.168.7.1'");
        db.insert("service_group", SERVICE_GROUPS, "'sg'");
        db.insert("service", SERVICES, "'svc'");
        db.insert("app_user", USERS, "'login', 'someone@example.org'");
        db.insert("ui_event", UI_EVENTS, "'dashboards', CURRENT_TIMESTAMP");
        db.execute(DemoSchema.INVENTORY);
        db.execute("SET QUERY_STATISTICS TRUE");
        return db;
    }

    public String url() {
        return url;
    }

    /**
     * The SQL statements the database has executed since the statistics were switched on: ours excluded, the
     * {@code SET} statements H2 runs itself for connection settings (a URL's DB_CLOSE_DELAY, a query timeout), and
     * the {@code ROLLBACK} that ends every connection of the agent.
     */
    public List<String> executedStatements() {
        List<String> statements = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT SQL_STATEMENT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
            while (rows.next()) {
                String sql = rows.getString(1);
                if (!sql.contains("INFORMATION_SCHEMA.QUERY_STATISTICS") && !sql.startsWith("SET ")
                        && !sql.equals("ROLLBACK")) {
                    statements.add(sql);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return statements;
    }

    private void insert(String table, int rows, String values) {
        for (int i = 1; i <= rows; i++) {
            execute("INSERT INTO " + table + " VALUES (" + i + ", " + values + ")");
        }
    }

    /** Records one UI event at {@code when}, bound as the agent binds its window (a JDBC Timestamp). */
    public void insertEvent(int id, String feature, java.time.Instant when) {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                java.sql.PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO ui_event VALUES (?, ?, ?)")) {
            statement.setInt(1, id);
            statement.setString(2, feature);
            statement.setTimestamp(3, java.sql.Timestamp.from(when));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String... sql) {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
