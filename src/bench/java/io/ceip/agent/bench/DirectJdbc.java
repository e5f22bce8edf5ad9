package io.ceip.agent.bench;

import io.ceip.agent.collect.UsageQueries;
import io.ceip.agent.collect.UsageQuery;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Baseline (c) of the benchmark: the agent's usage queries (the same file, the same 24-hour window) run directly
 * over JDBC on one connection, each result read to the end, in a JVM of its own. Arguments: URL, user, password,
 * query file. Prints the milliseconds from opening the connection to the last row, as the agent's collection
 * duration counts them.
 */
public final class DirectJdbc {

    private static final Pattern PARAMETER = Pattern.compile(":(since|until)");

    private DirectJdbc() {
    }

    public static void main(String[] args) throws Exception {
        List<UsageQuery> queries = UsageQueries.load(Path.of(args[3])).all();
        Instant until = Instant.now();
        Instant since = until.minus(Duration.ofHours(24));
        long started = System.nanoTime();
        long rows = 0;
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
            connection.getMetaData().getDatabaseProductVersion();
            for (UsageQuery query : queries) {
                List<String> order = new ArrayList<>();
                Matcher matcher = PARAMETER.matcher(query.sql());
                while (matcher.find()) {
                    order.add(matcher.group(1));
                }
                try (PreparedStatement statement = connection.prepareStatement(matcher.replaceAll("?"))) {
                    for (int i = 0; i < order.size(); i++) {
                        statement.setTimestamp(i + 1, Timestamp.from(order.get(i).equals("since") ? since : until));
                    }
                    try (ResultSet result = statement.executeQuery()) {
                        int columns = result.getMetaData().getColumnCount();
                        while (result.next()) {
                            for (int c = 1; c <= columns; c++) {
                                result.getObject(c);
                            }
                            rows++;
                        }
                    }
                }
            }
        }
        System.out.println("collected " + rows + " rows in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }
}
