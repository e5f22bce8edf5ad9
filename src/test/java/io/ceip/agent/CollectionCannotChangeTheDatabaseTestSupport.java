package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.collect.CollectionConnection;
import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.collect.UsageQueries;
import io.ceip.agent.collect.WriteRefusedException;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.ProductDatabase;
import io.ceip.agent.support.ProductEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Usage queries that try to write, lock or touch files by any means a query string offers cannot change the product
 * database, on every supported engine. Each attack of the engine's catalogue ({@link #attacks()}) runs
 * <ul>
 * <li>directly through the agent's guarded {@link CollectionConnection}, bypassing the query file's text check, as
 * the account that can only read (what the README tells the vendor to make) and as an account that can write
 * (so that what the read-only transaction alone stops shows); the outcome — what stopped it, or that it ran, or
 * that it wrote — is compared with the catalogue, and the database's state ({@link ProductEngine#state()}) and the
 * attack directory are compared before and after;</li>
 * <li>through the agent, from a query file: what the file check refuses stops the start naming the query; the
 * rest runs in a report cycle as the engine's deployed account and each is a failure in {@code failures[]}, with
 * the database and the file system unchanged.</li>
 * </ul>
 * Outcomes: {@code read-only transaction} (SQLSTATE 25006), {@code rights} (the account may not), {@code syntax}
 * (the driver sends no second statement), {@code engine} (the engine refuses the construct, 0A000), {@code guard}
 * (the guarded connection refused), {@code ran} (ran, changed nothing) and {@code WROTE} (changed the state or made
 * a file).
 */
abstract class CollectionCannotChangeTheDatabaseTestSupport extends AgentTestSupport {

    /**
     * One attack: {@code sql} ({@code {dir}} stands for a directory the database server could write), the outcome
     * for the account that can write and for the one that can only read, and whether the agent-level cycle runs it
     * (an attack that passes the file check and returns a number would be counted, not failed).
     */
    protected record Attack(String name, String sql, String asWriter, String asReader, boolean inCycle) {

        static Attack of(String name, String sql, String asWriter, String asReader) {
            return new Attack(name, sql, asWriter, asReader, true);
        }
    }

    private ProductEngine engine;
    private Path attackDirectory;

    /** Starts (or reuses) the engine and seeds a database of this test's own. */
    protected abstract ProductEngine seed();

    /** The engine's catalogue of attacks, in the order they run. */
    protected abstract List<Attack> attacks();

    /** Whether the agent-level cycle collects as the account that can write (else: the reader). */
    protected abstract boolean cycleAsWriter();

    /** Statements the administrator runs after seeding (a product function that writes, for instance). */
    protected List<String> productObjects() {
        return List.of();
    }

    protected ProductEngine engine() {
        if (engine == null) {
            engine = seed();
            engine.execute(productObjects().toArray(String[]::new));
        }
        return engine;
    }

    private Path attackDirectory() {
        if (attackDirectory == null) {
            attackDirectory = newTempDirectory();
            attackDirectory.toFile().setWritable(true, false);
            attackDirectory.toFile().setExecutable(true, false);
        }
        return attackDirectory;
    }

    @Override
    protected Properties overrides() {
        StringBuilder queries = new StringBuilder("queries:\n  - name: hosts\n    sql: SELECT COUNT(*) FROM host\n");
        for (Attack attack : attacks()) {
            if (attack.inCycle() && refusalAtStart(attack) == null) {
                queries.append("  - name: ").append(attack.name()).append("\n    sql: |\n      ")
                        .append(sql(attack).replace("\n", "\n      ")).append('\n');
            }
        }
        Path file = write(newTempDirectory().resolve("attacks.yaml"), queries.toString());
        boolean writer = cycleAsWriter();
        return with("ceip.database.url", writer ? engine().url() : engine().readerUrl(),
                "ceip.database.user", writer ? engine().agentUser() : engine().readerUser(),
                "ceip.database.password", ProductEngine.AGENT_PASSWORD,
                "ceip.consent.default", "full",
                "ceip.collect.queries-file", file.toString(),
                "ceip.collect.query-timeout", "5");
    }

    @Test
    void noAttackThroughTheGuardedConnectionChangesTheDatabaseOrTheFiles() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> actual = new LinkedHashMap<>();
        for (Attack attack : attacks()) {
            expected.put(attack.name(), attack.asWriter() + " / " + attack.asReader());
        }
        Map<String, String> asReader = runAll(engine().readerUrl(), engine().readerUser());
        assertThat(files()).as("no file made by the account that can only read").isEmpty();
        Map<String, String> asWriter = runAll(engine().url(), engine().agentUser());
        for (Attack attack : attacks()) {
            actual.put(attack.name(), asWriter.get(attack.name()) + " / " + asReader.get(attack.name()));
        }
        StringBuilder table = new StringBuilder("\n" + engine().vendor() + ": attack | as writer / as reader\n");
        actual.forEach((name, outcome) -> table.append(name).append(" | ").append(outcome).append('\n'));
        System.out.println(table);
        assertThat(actual).as(table.toString()).containsExactlyEntriesOf(expected);
    }

    @Test
    void theTransactionIsReadOnlyWhateverTheDriverIsTold() throws Exception {
        String probe = engine().readOnlyProbe();
        if (probe == null) {
            assertThat(engine().vendor()).as("only H2 has no read-only transactions").isEqualTo("h2");
            return;
        }
        for (String url : List.of(engine().url(), engine().urlWithoutDriverReadOnly())) {
            CollectionConnection collection = connection(url, engine().agentUser());
            collection.open();
            try (Connection connection = collection.getConnection();
                    PreparedStatement statement = connection.prepareStatement(probe);
                    ResultSet rows = statement.executeQuery()) {
                rows.next();
                assertThat(rows.getString(1)).as(url).isIn("on", "1");
                assertThatThrownBy(connection::commit).isInstanceOf(WriteRefusedException.class);
            } finally {
                collection.close();
            }
            String before = engine().state();
            assertThat(run(url, engine().agentUser(), "SELECT COUNT(*) FROM host WHERE id IN"
                    + " (SELECT n FROM next_ticket)")).as(url).isEqualTo("read-only transaction");
            assertThat(engine().state()).isEqualTo(before);
        }
    }

    @Test
    void attacksInTheQueryFileStopTheStartOrFailInTheReport() throws Exception {
        String before = engine().state();
        runReportCycle();

        JsonNode report = parse(server().received().get(0).json());
        assertThat(report.at("/usage/hosts").asLong()).isEqualTo(ProductDatabase.HOSTS);
        List<String> failed = new ArrayList<>();
        report.get("failures").forEach(f -> failed.add(f.get("source").asText()));
        List<String> expected = new ArrayList<>();
        for (Attack attack : attacks()) {
            String refusal = refusalAtStart(attack);
            if (refusal != null) {
                assertThat(refusal).as(attack.name()).contains("query 'q': sql must");
            } else if (attack.inCycle()) {
                expected.add("query:" + attack.name());
            }
        }
        assertThat(expected).as("some attacks pass the file check").isNotEmpty();
        assertThat(failed).containsExactlyElementsOf(expected);
        assertThat(report.get("partial").asBoolean()).isTrue();
        assertThat(engine().state()).isEqualTo(before);
        assertThat(files()).isEmpty();
    }

    /** The message the query file check stops the start with for this attack, or null if it lets it through. */
    private String refusalAtStart(Attack attack) {
        Path file = write(newTempDirectory().resolve("one.yaml"),
                "queries:\n  - name: q\n    sql: |\n      " + sql(attack).replace("\n", "\n      ") + "\n");
        try {
            UsageQueries.load(file);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private Map<String, String> runAll(String url, String user) throws IOException {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (Attack attack : attacks()) {
            String before = engine().state();
            List<Path> filesBefore = files();
            String outcome = run(url, user, sql(attack));
            engine().awaitClosedSessions(); // an advisory lock leaves with the session, after the connection
            boolean changed = !engine().state().equals(before) || !files().equals(filesBefore);
            outcomes.put(attack.name(), changed ? "WROTE" : outcome);
        }
        return outcomes;
    }

    /** Runs {@code sql} as the agent runs a usage query, reading every row: what stopped it, or {@code ran}. */
    private String run(String url, String user, String sql) {
        CollectionConnection collection = connection(url, user);
        try {
            collection.open();
            try (Connection connection = collection.getConnection();
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                if (statement.execute()) {
                    try (ResultSet rows = statement.getResultSet()) {
                        while (rows.next()) {
                            rows.getObject(1);
                        }
                    }
                }
            }
            return "ran";
        } catch (SQLException e) {
            return stoppedBy(e);
        } finally {
            collection.close();
        }
    }

    private static String stoppedBy(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        int code = e.getErrorCode();
        if (e instanceof WriteRefusedException) {
            return "guard";
        }
        if (state.equals("25006")) {
            return "read-only transaction";
        }
        if (List.of("42501", "90096", "90040", "28000").contains(state) || code == 1142 || code == 1370) {
            return "rights";
        }
        if (state.equals("42601") || code == 1064) {
            return "syntax";
        }
        if (state.equals("0A000")) {
            return "engine";
        }
        return "error " + state + "/" + code;
    }

    private CollectionConnection connection(String url, String user) {
        return new CollectionConnection(new DriverManagerDataSource(url, user, ProductEngine.AGENT_PASSWORD, 10), 5,
                Duration.ofSeconds(30), 100, Clock.systemUTC());
    }

    private String sql(Attack attack) {
        return attack.sql().replace("{dir}", attackDirectory().toString());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(attackDirectory())) {
            return files.sorted().toList();
        }
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
