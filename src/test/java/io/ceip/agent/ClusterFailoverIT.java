package io.ceip.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One sender per cluster, with real processes: three packaged agents of one installation share a PostgreSQL
 * database in cluster mode and fire every 4 seconds. Every fire time is taken by exactly one node, every report
 * carries the one installation ID kept in that database, and after the node that sent last is killed with
 * {@code kill -9}, the others carry on. A node killed while it collects a fire's report loses nothing: the node that
 * takes over runs that fire again.
 */
class ClusterFailoverIT {

    private static final Path JAR = Path.of(System.getProperty("ceip.jar", "target/ceip-agent.jar")).toAbsolutePath();
    private static final Pattern FIRE = Pattern.compile("Scheduled report: fire time (.+)$", Pattern.MULTILINE);
    private static final Pattern DELIVERED = Pattern.compile("Report (\\S+) delivered");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    private final List<Process> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Process node : nodes) {
            node.destroy();
        }
        for (Process node : nodes) {
            node.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void oneReportPerFireTimeAndTheOthersCarryOnWhenANodeDies() throws Exception {
        ProductEngine product = PostgresEngine.seeded();
        TestCertificates certificates = TestCertificates.localhost();
        try (TestHttpsServer server = TestHttpsServer.start(certificates, 0)) {
            Path trusted = certificates.writePem(workDir.resolve("server.pem"));
            for (int i = 0; i < 3; i++) {
                nodes.add(startNode(i, product, server.url(), trusted, "*/4 * * * * ?"));
            }

            // generous bounds: three JVMs start on a shared machine (one start took over 2 minutes at a load of 30)
            await().atMost(Duration.ofSeconds(300)).until(() -> server.received().size() >= 3);
            int victim = nodeThatSent(lastReportId(server));
            nodes.get(victim).destroyForcibly();
            assertThat(nodes.get(victim).waitFor(30, TimeUnit.SECONDS)).isTrue();
            int beforeKill = server.received().size();

            await().atMost(Duration.ofSeconds(180)).until(() -> server.received().size() >= beforeKill + 3);
            for (int i = 0; i < nodes.size(); i++) {
                if (i != victim) {
                    nodes.get(i).destroy();
                    assertThat(nodes.get(i).waitFor(30, TimeUnit.SECONDS)).isTrue();
                }
            }

            List<String> fireTimes = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                fireTimes.addAll(fireTimes(i));
            }
            System.out.printf("ClusterFailoverIT: fires per node %s, node %d killed after %d reports, %d reports in all%n",
                    List.of(fireTimes(0).size(), fireTimes(1).size(), fireTimes(2).size()), victim, beforeKill,
                    server.received().size());
            assertThat(new HashSet<>(fireTimes)).as("no fire time taken by two nodes").hasSameSizeAs(fireTimes);

            Set<String> installationIds = new HashSet<>();
            Set<String> reportIds = new HashSet<>();
            for (TestHttpsServer.Received received : server.received()) {
                installationIds.add(JSON.readTree(received.json()).get("installationId").asText());
                reportIds.add(received.header("Idempotency-Key"));
            }
            assertThat(reportIds).as("each report once").hasSize(server.received().size());
            assertThat(installationIds).as("one installation").containsExactly(storedInstallationId(product));
            for (int i = 0; i < nodes.size(); i++) {
                assertThat(workDir.resolve("node" + i + "/data/installation-id")).as("kept in the database only")
                        .doesNotExist();
                if (i != victim) {
                    assertThat(deliveredBy(i, reportIds)).as("node %d sent one report per fire it took", i)
                            .isEqualTo(fireTimes(i).size());
                }
            }
            List<String> afterKill = server.received().subList(beforeKill, server.received().size()).stream()
                    .map(r -> r.header("Idempotency-Key")).toList();
            assertThat(afterKill).allSatisfy(id -> assertThat(nodeThatSent(id)).isNotEqualTo(victim));
            assertThat(fireTimes.size()).as("fires of the killed node at most one short of the reports")
                    .isBetween(server.received().size(), server.received().size() + 1);
        }
    }

    private Process startNode(int index, ProductEngine product, String endpoint, Path trusted, String cron)
            throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("node" + index));
        for (String sub : List.of("routes", "config")) {
            Files.createDirectories(dir.resolve(sub));
            try (Stream<Path> files = Files.list(Path.of(sub))) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(sub).resolve(file.getFileName()));
                }
            }
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "run").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("CEIP_") || name.equals("DO_NOT_TRACK"));
        env.putAll(Map.of("CEIP_CLUSTER_ENABLED", "true",
                "CEIP_CLUSTER_CHECKIN_INTERVAL", "1000",
                "CEIP_CLUSTER_DATABASE_USER", "postgres",
                "CEIP_DATABASE_URL", product.url(),
                "CEIP_DATABASE_USER", product.agentUser(),
                "CEIP_DATABASE_PASSWORD", ProductEngine.AGENT_PASSWORD,
                "CEIP_DATABASE_DEMO_DATA", "false",
                "CEIP_SCHEDULE_CRON", cron,
                "CEIP_COLLECTOR_ENABLED", "false",
                "CEIP_ENDPOINT_URL", endpoint));
        env.put("CEIP_ENDPOINT_TRUST_STORE", trusted.toString());
        env.put("CEIP_SCHEDULE_ALLOW_FREQUENT", "true");
        return builder.start();
    }

    /**
     * A node killed with {@code kill -9} while it collects a fire's report (its first usage query waits for a lock held
     * on the product's table) loses nothing: the node that takes over runs that fire again (same fire time) and its
     * report is delivered. Before {@code recoverableJob}, the fire was released unrun and nothing said so.
     */
    @Test
    void aFireWhoseNodeDiesMidReportIsRunAgainByTheNodeThatTakesOver() throws Exception {
        ProductEngine product = PostgresEngine.seeded();
        TestCertificates certificates = TestCertificates.localhost();
        try (TestHttpsServer server = TestHttpsServer.start(certificates, 0)) {
            Path trusted = certificates.writePem(workDir.resolve("server.pem"));
            for (int i = 0; i < 2; i++) {
                nodes.add(startNode(i, product, server.url(), trusted, "0/30 * * * * ?"));
            }
            await().atMost(Duration.ofSeconds(300))
                    .until(() -> log(0).contains(") started in") && log(1).contains(") started in"));

            int victim;
            String fire;
            int receivedBefore;
            try (Connection holder = product.admin()) {
                holder.setAutoCommit(false);
                try (Statement lock = holder.createStatement()) {
                    lock.execute("LOCK TABLE host IN ACCESS EXCLUSIVE MODE");
                }
                List<Integer> before = List.of(fireTimes(0).size(), fireTimes(1).size());
                receivedBefore = server.received().size();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                        .until(() -> fireTimes(0).size() > before.get(0) || fireTimes(1).size() > before.get(1));
                victim = fireTimes(0).size() > before.get(0) ? 0 : 1;
                fire = fireTimes(victim).get(before.get(victim));
                nodes.get(victim).destroyForcibly();
                assertThat(nodes.get(victim).waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(collectedAfter(victim, "Scheduled report: fire time " + fire)).as("killed before its report"
                        + " was made (a report of an earlier fire, collected before the lock, may be logged meanwhile)")
                        .isZero();

                int survivor = 1 - victim;
                await("node " + survivor + " runs the fire of " + fire + " again").atMost(Duration.ofSeconds(120))
                        .until(() -> fireTimes(survivor).contains(fire));
                holder.rollback();
            }
            int survivor = 1 - victim;
            // the report the survivor delivered after its run of that fire, received after the lock was taken (the
            // first report received then may be the victim's of an earlier fire, delivered before it was killed)
            await("node " + survivor + " delivers the report of the fire of " + fire).atMost(Duration.ofSeconds(120))
                    .until(() -> {
                        String log = log(survivor);
                        int ran = log.indexOf("Scheduled report: fire time " + fire);
                        Matcher delivered = DELIVERED.matcher(log);
                        return ran >= 0 && delivered.find(ran)
                                && server.received().stream().skip(receivedBefore)
                                        .anyMatch(r -> delivered.group(1).equals(r.header("Idempotency-Key")));
                    });
            System.out.printf("ClusterFailoverIT: node %d killed mid-report of the fire at %s, node %d ran it again%n",
                    victim, fire, survivor);
        }
    }

    private String lastReportId(TestHttpsServer server) {
        List<TestHttpsServer.Received> received = server.received();
        return received.get(received.size() - 1).header("Idempotency-Key");
    }

    /** The node whose log says it delivered {@code reportId} (the line follows the server's answer closely). */
    private int nodeThatSent(String reportId) {
        int[] node = { -1 };
        await("a node logs the delivery of " + reportId).atMost(Duration.ofSeconds(10)).until(() -> {
            for (int i = 0; i < nodes.size(); i++) {
                if (log(i).contains("Report " + reportId + " delivered")) {
                    node[0] = i;
                    return true;
                }
            }
            return false;
        });
        return node[0];
    }

    /** Reports the node logged as collected after the first line holding {@code text}. */
    private long collectedAfter(int node, String text) {
        String log = log(node);
        int at = log.indexOf(text);
        assertThat(at).as("node %d logged %s", node, text).isNotNegative();
        return log.substring(at).lines().filter(line -> line.contains(" collected (")).count();
    }

    private long deliveredBy(int node, Set<String> reportIds) {
        String log = log(node);
        return reportIds.stream().filter(id -> log.contains("Report " + id + " delivered")).count();
    }

    private List<String> fireTimes(int node) {
        List<String> times = new ArrayList<>();
        Matcher matcher = FIRE.matcher(log(node));
        while (matcher.find()) {
            times.add(matcher.group(1).trim());
        }
        return times;
    }

    private String log(int node) {
        try {
            return Files.readString(workDir.resolve("node" + node + "/agent.log"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String storedInstallationId(ProductEngine database) throws Exception {
        try (var connection = database.admin(); var statement = connection.createStatement();
                var rows = statement.executeQuery(
                        "SELECT STATE_VALUE FROM CEIP_STATE WHERE STATE_NAME = 'installation-id'")) {
            assertThat(rows.next()).as("installation ID stored in the cluster database").isTrue();
            return rows.getString(1);
        }
    }

    static {
        assertThat(JAR).as("run mvn package first").exists();
    }
}
