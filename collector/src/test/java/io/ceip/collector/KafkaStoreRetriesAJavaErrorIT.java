package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.ErringJdbc;
import io.ceip.collector.support.KafkaBroker;
import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka form: a Java {@link Error} (not an exception) while the store inserts a record's report (here a stack
 * overflow from the JDBC call, {@link ErringJdbc} on a real embedded database; a real broker) is one of the store's
 * own failures: the record's offset is not committed past it, the consumer polls it again after its waits (no ERROR
 * line, no stack trace, no database connection left open per try), and once the error is gone the report is stored
 * once and the offset committed.
 */
class KafkaStoreRetriesAJavaErrorIT {

    static final String TOPIC = "ceip-reports";

    @TempDir
    Path dir;

    @Test
    void aRecordWhoseInsertThrowsAnErrorIsPolledAgainNotCommittedPast() throws Exception {
        String h2 = "jdbc:h2:file:" + dir.resolve("a/db/collector").toAbsolutePath();
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, 1);
            try (TestCollector node = TestCollector.start(dir.resolve("a"), Map.of("collector.mode", "kafka",
                    "collector.kafka.brokers", kafka.bootstrap(), "collector.kafka.timeout-ms", "5000",
                    "collector.store.jdbc-url", ErringJdbc.url(h2), "collector.intake.max-requests-per-second", "0",
                    "camel.main.shutdown-timeout", "5"))) {
                int sessionsBefore = sessions(h2);
                ErringJdbc.arm(StackOverflowError::new);
                try (LogLines log = LogLines.capture()) {
                    byte[] report = Reports.utf8(Reports.report(UUID.randomUUID().toString(),
                            UUID.randomUUID().toString()));
                    assertThat(node.post(report, true).statusCode()).isEqualTo(202); // acknowledged by the broker
                    // tried and failed for a while: 1 + 2 + 4 s of waits, at least three tries
                    Thread.sleep(9_000);
                    assertThat(node.collector().store().count()).isZero();
                    assertThat(committed(kafka)).as("not committed past the unstored report").isLessThan(1);
                    assertThat(sessions(h2)).as("the store's connections after the failed tries")
                            .isLessThanOrEqualTo(sessionsBefore + 1);
                    assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR") || line.contains("\tat "));

                    ErringJdbc.disarm();
                    await().atMost(Duration.ofSeconds(30)).until(() -> node.collector().store().count() == 1);
                    await().atMost(Duration.ofSeconds(30)).until(() -> committed(kafka) == 1);
                    assertThat(node.collector().store().count()).isEqualTo(1);
                } finally {
                    ErringJdbc.disarm();
                }
            }
        }
    }

    /** The store's committed offset of the topic's one partition (-1: none). */
    private static long committed(KafkaBroker kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("ceip-store").partitionsToOffsetAndMetadata()
                    .get().get(new TopicPartition(TOPIC, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    /** Sessions open on the embedded database, this one's included. */
    private static int sessions(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "ceip", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
