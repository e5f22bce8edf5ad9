package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as the README runs it: {@code java -jar target/ceip-collector.jar} in {@code collector/} (here
 * with its data dir and port moved by system properties), its certificate made on first start, a report taken
 * over HTTPS; then a burst of reports from 4 clients (the rate printed, not asserted); a wrong setting, a taken port
 * and a start outside {@code collector/} stop it with one line naming the key.
 */
class CollectorJarIT {

    static final int BURST = 400;

    @TempDir
    Path dir;

    private Process start(Path data, int port, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dcollector.data-dir=" + data, "-Dcollector.port=" + port,
                "-Dcollector.intake.max-requests-per-second=0",
                "-Dcollector.store.jdbc-url=jdbc:h2:file:" + data.resolve("db/collector")));
        command.addAll(List.of(extra));
        command.addAll(List.of("-jar", System.getProperty("collector.jar", "target/ceip-collector.jar")));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("collector.log").toFile()).start();
    }

    @Test
    void theJarStartsTheSingleNodeFormAndTakesReportsOverHttps() throws Exception {
        Path data = dir.resolve("data");
        int port = TestCollector.freePort();
        Process collector = start(data, port);
        try {
            URI reports = URI.create("https://localhost:" + port + "/v1/reports");
            HttpClient client = trustingClientOnceWritten(data.resolve("tls/collector.pem"), collector);
            HttpResponse<String> first = firstAnswer(() -> send(client, reports, Reports.any()), collector);
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(Files.readString(dir.resolve("collector.log"), StandardCharsets.UTF_8))
                    .contains("Listening on https://localhost:" + port + " (reports: POST /v1/reports; fleet view:"
                            + " /fleet; TLS: OpenSSL)", "collector.fleet.token and the token of product 'Demo Monitoring'"
                            + " (collector.tokens-file) are the demo's public tokens: fine on this machine only",
                            "Made a self-signed certificate for localhost (key: " + data.resolve("tls/collector.p12")
                            .toAbsolutePath() + "); agents trust " + data.resolve("tls/collector.pem").toAbsolutePath()
                            + " (ceip.endpoint.trust-store)");

            HttpClient shared = client;
            ExecutorService senders = Executors.newFixedThreadPool(4);
            long start = System.nanoTime();
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                answers.add(senders.submit(() -> send(shared, reports, Reports.any()).statusCode()));
            }
            int accepted = 0;
            for (Future<Integer> answer : answers) {
                accepted += answer.get() == 202 ? 1 : 0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            senders.shutdown();
            System.out.printf("single node (java -jar, H2, 4 clients, gzip, HTTPS keep-alive): %d reports in %.1f s:"
                    + " %.0f accepted reports/s%n", BURST, seconds, BURST / seconds);
            assertThat(accepted).isEqualTo(BURST);
        } finally {
            collector.destroy();
            assertThat(collector.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Review s17 finding 1: 8 MiB of {@code {"failures":[{},{},...]}}, 8 KB gzipped, built 2.7 million nodes; three at
     * once ran a node of the README's heap out of memory. With the token bound, a node of an intake node's heap
     * ({@code -Xmx256m}, docs/sizing.md) answers each 413 and goes on taking reports.
     */
    @Test
    void threeSmallGzipBombsOfEmptyObjectsAreAnswered413ByANodeOfAnIntakeNodesHeap() throws Exception {
        Path data = dir.resolve("data");
        int port = TestCollector.freePort();
        Process collector = start(data, port, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                // the bombs within the bytes, and all three in progress at once (the budget, a sixteenth of 256 MiB,
                // would answer some 503 busy): the token bound alone keeps the node alive
                "-Dcollector.intake.max-decompressed-bytes=8388608",
                "-Dcollector.intake.max-decompressed-bytes-in-progress=33554432");
        try {
            URI reports = URI.create("https://localhost:" + port + "/v1/reports");
            HttpClient client = trustingClientOnceWritten(data.resolve("tls/collector.pem"), collector);
            assertThat(firstAnswer(() -> send(client, reports, Reports.any()), collector).statusCode()).isEqualTo(202);
            String bomb = Reports.any().replace("\"failures\":[]",
                    "\"failures\":[" + String.join(",", java.util.Collections.nCopies(2_700_000, "{}")) + "]");

            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return send(client, reports, bomb);
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }));
            }
            for (java.util.concurrent.CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(90, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(413);
                assertThat(response.body()).isEqualTo("report has too many JSON elements");
            }
            assertThat(send(client, reports, Reports.any()).statusCode()).isEqualTo(202);
            assertThat(collector.isAlive()).isTrue();
        } finally {
            collector.destroy();
            assertThat(collector.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aWrongSettingStopsItWithOneLineNamingTheKey() throws Exception {
        Process collector = start(dir.resolve("data"), TestCollector.freePort(), "-Dcollector.mode=cluster");

        assertThat(collector.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(collector.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("collector.log"), StandardCharsets.UTF_8).strip())
                .isEqualTo("ceip-collector: collector.mode: 'cluster' is neither single nor kafka (set with"
                        + " -Dcollector.mode)");

        // a settings file that is not UTF-8, and a database URL no driver takes (review s21 collector M1)
        Path latin1 = Files.write(dir.resolve("latin1.properties"),
                "collector.port=28602\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Process notUtf8 = start(dir.resolve("data"), TestCollector.freePort(), "-Dcollector.config=" + latin1);
        assertThat(notUtf8.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(notUtf8.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("collector.log"), StandardCharsets.UTF_8).strip())
                .isEqualTo("ceip-collector: collector.config: " + latin1 + " is not UTF-8 text (save it as UTF-8)");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dcollector.data-dir=" + dir.resolve("data"), "-Dcollector.port="
                + TestCollector.freePort(), "-Dcollector.store.jdbc-url=jdbc:nosuch:x", "-jar",
                System.getProperty("collector.jar", "target/ceip-collector.jar")));
        Process noDriver = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("collector.log").toFile()).start();
        assertThat(noDriver.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(noDriver.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("collector.log"), StandardCharsets.UTF_8).strip())
                .endsWith("ceip-collector: collector.store.jdbc-url: the reports database cannot be used: No suitable"
                        + " driver found for the URL (SQL state 08001)").doesNotContain("Exception", "\tat ");
    }

    /**
     * The jar's operator command: {@code quarantine list} on the node's settings prints the quarantine and exits 0;
     * an unknown command is one line on stderr, exit code 2, and starts no node (it used to start one, whatever the
     * arguments).
     */
    @Test
    void theQuarantineCommandListsAndAnUnknownCommandIsOneLine() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("collector.jar", "target/ceip-collector.jar");
        Process list = new ProcessBuilder(java, "-Dcollector.store.jdbc-url=jdbc:h2:file:"
                + dir.resolve("q/db/collector").toAbsolutePath(), "-jar", jar, "quarantine", "list")
                .redirectOutput(dir.resolve("list.out").toFile()).redirectError(dir.resolve("list.err").toFile())
                .start();
        assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(list.exitValue()).as(Files.readString(dir.resolve("list.err"))).isZero();
        assertThat(Files.readString(dir.resolve("list.out"), StandardCharsets.UTF_8)).isEqualTo("0 record(s) in"
                + " ceip_report_quarantine (at most 1000, collector.store.quarantine-max-records)\n");

        Process unknown = new ProcessBuilder(java, "-Dcollector.port=" + TestCollector.freePort(), "-jar", jar,
                "quarantaine").redirectOutput(dir.resolve("unknown.out").toFile())
                .redirectError(dir.resolve("unknown.err").toFile()).start();
        assertThat(unknown.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("unknown.out"))).isEmpty();
        assertThat(Files.readString(dir.resolve("unknown.err"), StandardCharsets.UTF_8)).isEqualTo("ceip-collector:"
                + " not a command: quarantaine (run, or java -jar ceip-collector.jar quarantine [list | resend ID..."
                + " | resend --all])\n");
    }

    @Test
    void theDemoTokensBeyondLoopbackStopItWithOneLine() throws Exception {
        Process collector = start(dir.resolve("data"), TestCollector.freePort(), "-Dcollector.host=0.0.0.0");

        assertThat(collector.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(collector.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("collector.log"), StandardCharsets.UTF_8).strip())
                .startsWith("ceip-collector: collector.fleet.token and the token of product 'Demo Monitoring'")
                .doesNotContain("\n", "Exception");
    }

    @Test
    void aTakenPortOrNoRoutesFolderStopsItWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("localhost"), 0));
            Process collector = start(dir.resolve("data"), taken.getLocalPort());
            assertThat(collector.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(collector.exitValue()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("collector.log"), StandardCharsets.UTF_8).strip())
                    .isEqualTo("ceip-collector: collector.port: cannot listen on localhost:" + taken.getLocalPort()
                            + " (another process listens there, or collector.host is not an address of this machine)");
        }

        // the jar run in another folder than collector/ (here the test's own, with no routes/)
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcollector.port=" + TestCollector.freePort(), "-jar",
                Path.of(System.getProperty("collector.jar", "target/ceip-collector.jar")).toAbsolutePath().toString());
        Process elsewhere = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("elsewhere.log").toFile()).start();
        assertThat(elsewhere.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(elsewhere.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("elsewhere.log"), StandardCharsets.UTF_8).strip())
                .isEqualTo("ceip-collector: camel.main.routes-include-pattern: no folder routes in "
                        + dir.toRealPath() + " (run the collector in collector/, beside its routes/)");
    }

    /** The jar writes its certificate before it listens: a client trusting it, once written (at most 90 s). */
    private HttpClient trustingClientOnceWritten(Path certificate, Process collector) throws Exception {
        try {
            await("the collector's certificate").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .failFast("the collector exited", () -> !collector.isAlive())
                    .until(() -> Files.isRegularFile(certificate));
        } catch (RuntimeException e) {
            throw new AssertionError(Files.readString(dir.resolve("collector.log")), e);
        }
        return HttpClient.newBuilder().sslContext(TestCollector.trusting(certificate)).build();
    }

    /** The first answer once the jar listens (at most 90 s); the jar's log is the failure's message. */
    private <T> T firstAnswer(java.util.concurrent.Callable<T> request, Process collector) throws IOException {
        try {
            return await("the collector's first answer").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200)).failFast("the collector exited", () -> !collector.isAlive())
                    .ignoreExceptionsInstanceOf(IOException.class).until(request, answer -> answer != null);
        } catch (RuntimeException e) {
            throw new AssertionError(Files.readString(dir.resolve("collector.log")), e);
        }
    }

    private static HttpResponse<String> send(HttpClient client, URI uri, String report) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .header("Authorization", "Bearer " + Reports.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Reports.gzip(Reports.utf8(report)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
