package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.KafkaBroker;
import io.ceip.collector.support.Postgres;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records are lz4-compressed, so a topic's 1 MiB batches carry reports of up to 8 MiB of JSON each; a Kafka poll holds
 * its records inflated until the store has written the last. With 200 records a poll, a backlog of 40 such reports (a
 * few hundred KB in Kafka) took 280 MB of heap at once: a store node of an intake node's heap ran out of memory at
 * every start, on the same records. The packaged jar ({@code -Xmx256m -XX:+ExitOnOutOfMemoryError}) stores them all.
 */
class KafkaStoreBoundsWhatOnePollHoldsIT {

    static final int REPORTS = 40;
    static final int NOTE = 7 << 20;

    @TempDir
    Path dir;

    @Test
    void aStoreNodeOfASmallHeapStoresABacklogOfLargeReports() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka")); Postgres postgres = Postgres.start()) {
            kafka.createTopic("ceip-reports", 1);
            String url = postgres.database("ceip");
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 9 << 20),
                    new StringSerializer(), new ByteArraySerializer())) {
                String note = "x".repeat(NOTE);
                for (int i = 0; i < REPORTS; i++) {
                    String installation = UUID.randomUUID().toString();
                    String report = Reports.report(UUID.randomUUID().toString(), installation)
                            .replace("\"usage\":{\"hosts\":12}", "\"usage\":{\"hosts\":12,\"note\":\"" + note + "\"}");
                    producer.send(new ProducerRecord<>("ceip-reports", installation,
                            report.getBytes(StandardCharsets.UTF_8))).get();
                }
            }

            Path log = dir.resolve("node.log");
            Process node = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Dcollector.data-dir="
                    + dir.resolve("data"), "-Dcollector.port=" + TestCollector.freePort(), "-Dcollector.mode=kafka",
                    "-Dcollector.kafka.brokers=" + kafka.bootstrap(), "-Dcollector.store.jdbc-url=" + url,
                    "-Dcollector.store.user=postgres", "-jar",
                    System.getProperty("collector.jar", "target/ceip-collector.jar")))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !node.isAlive() || rows(url) == REPORTS);
                assertThat(node.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(rows(url)).isEqualTo(REPORTS);
                assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
            } finally {
                node.destroy();
                assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private static long rows(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM ceip_report")) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException beforeTheStoreMadeItsTable) {
            return -1;
        }
    }
}
