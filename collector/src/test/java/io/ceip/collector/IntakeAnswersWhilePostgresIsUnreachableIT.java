package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.Postgres;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL behind a network that stops passing packets in the middle of a call, without closing anything (a
 * failover, a partition: no reset, no answer). The driver waits for an answer for ever by default (no socket
 * timeout), so every request whose duplicate check or insert was on the way hung, keeping its place of
 * max-requests-in-progress, for as long as the kernel kept the socket (about 15 minutes of retransmissions; for ever
 * here, where the relay takes the bytes): with 64 of them in flight the node answered every agent 503 busy long after
 * the database was back. Now such a call fails after 20 s: 503 with Retry-After, and reports are taken again once
 * the database answers.
 */
class IntakeAnswersWhilePostgresIsUnreachableIT {

    @TempDir
    static Path dir;

    @Test
    void aCallCutOffMidwayIsAnswered503AndTheNextReportTaken() throws Exception {
        try (Postgres postgres = Postgres.start()) {
            String url = postgres.database("ceip");
            int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1"));
            try (Relay relay = new Relay(port); TestCollector node = TestCollector.start(dir, Map.of(
                    "collector.store.jdbc-url", url.replace(":" + port + "/", ":" + relay.port() + "/"),
                    "collector.store.user", "postgres", "collector.intake.max-requests-per-second", "0"));
                    Connection admin = DriverManager.getConnection(url, "postgres", "")) {
                assertThat(node.post(Reports.utf8(Reports.any()), true).statusCode()).isEqualTo(202);
                // the next duplicate check waits for this lock in the database, its query sent
                admin.setAutoCommit(false);
                try (Statement lock = admin.createStatement()) {
                    lock.execute("LOCK TABLE ceip_report_id IN ACCESS EXCLUSIVE MODE");
                }
                CompletableFuture<HttpResponse<String>> cutOff = CompletableFuture.supplyAsync(() -> {
                    try {
                        return node.post(Reports.utf8(Reports.any()), true); // 30 s at most
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(20)).until(() -> waitingForTheLock(url));
                relay.freeze(); // then the database answers, and the answer never arrives
                admin.rollback();

                HttpResponse<String> unreachable = cutOff.get(60, TimeUnit.SECONDS);
                relay.thaw();
                HttpResponse<String> back = node.post(Reports.utf8(Reports.any()), true);

                assertThat(unreachable.statusCode()).as(unreachable.body()).isEqualTo(503);
                assertThat(unreachable.body()).isEqualTo("service unavailable, retry later");
                assertThat(unreachable.headers().firstValue("Retry-After")).hasValue("30");
                assertThat(back.statusCode()).as(back.body()).isEqualTo(202);
            }
        }
    }

    private static boolean waitingForTheLock(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = 'ceip'"
                        + " AND wait_event_type = 'Lock'")) {
            r.next();
            return r.getLong(1) > 0;
        }
    }

    /**
     * A TCP relay on loopback to PostgreSQL's port that can stop passing bytes while keeping every connection open,
     * and accepting new ones (the kernel acknowledges what the client sends; nothing comes back).
     */
    static final class Relay implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch open = new CountDownLatch(0);

        Relay(int target) throws IOException {
            Thread accepting = new Thread(() -> {
                try {
                    while (true) {
                        Socket client = server.accept();
                        Socket database = new Socket(InetAddress.getLoopbackAddress(), target);
                        sockets.add(client);
                        sockets.add(database);
                        pump(client, database);
                        pump(database, client);
                    }
                } catch (IOException closed) {
                    // the relay is closed
                }
            });
            accepting.setDaemon(true);
            accepting.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void freeze() {
            open = new CountDownLatch(1);
        }

        void thaw() {
            open.countDown();
        }

        private void pump(Socket from, Socket to) {
            Thread pumping = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        open.await();
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException ended) {
                    // either side closed
                }
                close(from);
                close(to);
            });
            pumping.setDaemon(true);
            pumping.start();
        }

        private static void close(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed already
            }
        }

        @Override
        public void close() throws IOException {
            thaw();
            server.close();
            sockets.forEach(Relay::close);
        }
    }
}
