package io.ceip.agent.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL backend that stops answering in the middle of a statement, the way a backend stuck in I/O, a paused
 * VM or a dropped network path does: the embedded engine's backend process running a statement of {@code user} is
 * sent SIGSTOP, and SIGCONT when closed. Linux and macOS only ({@code kill}).
 */
public final class FrozenBackend implements AutoCloseable {

    private final long pid;

    private FrozenBackend(long pid) {
        this.pid = pid;
    }

    /** Waits (at most 10 s) until a statement of {@code user} containing {@code text} runs, and freezes its backend. */
    public static FrozenBackend freeze(String user, String text) throws Exception {
        long pid = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> running(user, text), found -> found > 0);
        signal("-STOP", pid);
        return new FrozenBackend(pid);
    }

    @Override
    public void close() throws Exception {
        signal("-CONT", pid);
    }

    private static long running(String user, String text) throws SQLException {
        try (Connection c = ProductEngine.connect(PostgresEngine.url("postgres"), "postgres", "");
                PreparedStatement s = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE state = 'active'"
                        + " AND usename = ? AND query LIKE ? AND pid <> pg_backend_pid()")) {
            s.setString(1, user);
            s.setString(2, "%" + text + "%");
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
    }
}
