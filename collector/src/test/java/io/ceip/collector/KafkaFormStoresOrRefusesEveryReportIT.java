package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.KafkaBroker;
import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.PostgresExtension;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed form (a real Kafka broker and PostgreSQL, one node) never answers 202 for a report its store then
 * drops, and its store is never stopped for good by a record: review s17 findings 3, 4 and 5.
 */
class KafkaFormStoresOrRefusesEveryReportIT {

    static final String TOPIC = "ceip-reports";

    @TempDir
    static Path dir;

    static KafkaBroker kafka;
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();
    static String url;
    static TestCollector node;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
        kafka.createTopic(TOPIC, 1);
        url = postgres.database("ceip");
        node = TestCollector.start(dir.resolve("a"), Map.of("collector.mode", "kafka", "collector.kafka.brokers",
                kafka.bootstrap(), "collector.kafka.timeout-ms", "5000", "collector.store.jdbc-url", url,
                "collector.store.user", "postgres", "collector.intake.max-requests-per-second", "0",
                "camel.main.shutdown-timeout", "5"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {node, kafka}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    /**
     * A record with no value (a tombstone), an empty one, and ones that are not a report, written by another
     * producer: each dropped with one WARN line naming its place, counted once, its offset committed; a report
     * sent after them is stored.
     */
    @Test
    void recordsThatAreNoReportAreDroppedOnceAndTheStoreGoesOn() throws Exception {
        long rejectedBefore = node.collector().store().rejected();
        try (LogLines log = LogLines.capture()) {
            Properties producer = new Properties();
            producer.put("bootstrap.servers", kafka.bootstrap());
            try (KafkaProducer<byte[], byte[]> poison = new KafkaProducer<>(producer, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (byte[] value : new byte[][] {null, new byte[0], "not json".getBytes(StandardCharsets.UTF_8),
                        "{\"a\":1}".getBytes(StandardCharsets.UTF_8)}) {
                    poison.send(new ProducerRecord<>(TOPIC, "x".getBytes(StandardCharsets.UTF_8), value)).get();
                }
            }
            String id = UUID.randomUUID().toString();
            HttpResponse<String> answer = node.post(Reports.utf8(Reports.report(id, UUID.randomUUID().toString())),
                    true);
            assertThat(answer.statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(60)).until(() -> stored(id));
            await().atMost(Duration.ofSeconds(30)).until(() -> committed() == endOffset());
            assertThat(node.collector().store().rejected() - rejectedBefore).isEqualTo(4);
            assertThat(log.lines()).filteredOn(line -> line.contains("is not a report")).hasSize(4)
                    .allMatch(line -> line.matches("WARN io.ceip.collector.store.ReportStore - Store: record"
                            + " ceip-reports-0 offset \\d+ is not a report \\((no value|\\d+ bytes)\\), dropped"));
            assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR"));
        }
    }

    /**
     * PostgreSQL refusing connections while a report waits in the topic (the store's database down): the store polled
     * the record again at once, about twice a second, each time an ERROR line with the driver's stack trace and Camel's
     * message history and two WARN lines (review s23: 54 lines in 10 s, some 1,200 lines of output). Now it waits
     * longer after each failure (1 s, doubling to 8 s), with no ERROR and no stack trace, and stores the record once
     * the database is back.
     */
    @Test
    void withPostgresDownTheStoreWaitsQuietlyAndStoresTheRecordOnceItIsBack() throws Exception {
        String id = UUID.randomUUID().toString();
        List<String> lines;
        try (LogLines log = LogLines.capture()) {
            postgres.admin("ALTER DATABASE ceip ALLOW_CONNECTIONS false",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'ceip'");
            try {
                Properties producer = new Properties();
                producer.put("bootstrap.servers", kafka.bootstrap());
                try (KafkaProducer<byte[], byte[]> agent = new KafkaProducer<>(producer, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    agent.send(new ProducerRecord<>(TOPIC, "x".getBytes(StandardCharsets.UTF_8),
                            Reports.utf8(Reports.report(id, UUID.randomUUID().toString())))).get();
                }
                Thread.sleep(10_000); // an outage of 10 s: what the store logs while it lasts
                lines = log.lines();
            } finally {
                postgres.admin("ALTER DATABASE ceip ALLOW_CONNECTIONS true");
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(id));
        assertThat(lines).noneMatch(line -> line.startsWith("ERROR") || line.contains(" | "));
        assertThat(lines).hasSizeLessThan(20);
    }

    /**
     * A byte order mark (PostgreSQL's jsonb: 22P02), UTF-16 (22021), a generatedAt past PostgreSQL's range (22008)
     * and a number of 20,000 digits after the point (22003; the schema's integer, read as 0.0) were answered 202 and
     * then dropped by the store: refused at the intake now, never handed on.
     */
    @Test
    void whatPostgresWouldRefuseIsRefusedAtTheIntakeNotAcceptedAndDropped() throws Exception {
        long storedBefore = node.collector().store().stored();
        long rejectedBefore = node.collector().store().rejected();
        Map<byte[], String> refused = Map.of(
                Reports.utf8("\uFEFF" + Reports.any()), "body must be JSON in UTF-8 without a byte order mark",
                Reports.any().getBytes(StandardCharsets.UTF_16LE),
                "body must be JSON in UTF-8 without a byte order mark",
                Reports.utf8(Reports.any().replace("2026-11-23T19:38:59Z", "+300000-01-01T00:00:00Z")),
                "report has a generatedAt outside the years 0001 to 9999",
                Reports.utf8(Reports.any().replace("\"hosts\":12", "\"hosts\":1e-20000")),
                "report has a number with a fraction or an exponent");
        for (Map.Entry<byte[], String> body : refused.entrySet()) {
            HttpResponse<String> answer = node.post(body.getKey(), true);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo(body.getValue());
        }
        String id = UUID.randomUUID().toString();
        assertThat(node.post(Reports.utf8(Reports.report(id, UUID.randomUUID().toString())), true).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(id));
        assertThat(node.collector().store().stored() - storedBefore).isEqualTo(1);
        assertThat(node.collector().store().rejected()).isEqualTo(rejectedBefore);
    }

    /**
     * A full-consent report may be 1.3 MiB of JSON at the agent's default bounds: with the defaults it is taken and
     * stored (records are lz4-compressed, so the topic's default max.message.bytes of 1 MiB bounds the compressed
     * batch); without compression it was 413, a rejection the agent keeps, unless the vendor raised two limits.
     */
    @Test
    void aFullConsentSizedReportIsStoredWithTheDefaults() throws Exception {
        takenAndStored(node, 1_500_000);
    }

    /**
     * A report between the producer's max.request.size (here collector.kafka.max-record-bytes 1 MiB) and
     * max-decompressed-bytes (8 MiB) failed in the producer and was answered 503 with Retry-After for ever: it is 413,
     * as it is inflated; one just under the record's size is taken.
     */
    @Test
    void aReportLargerThanAKafkaRecordIs413AndOneJustUnderIsStored() throws Exception {
        try (TestCollector smaller = TestCollector.start(dir.resolve("c"), Map.of("collector.mode", "kafka",
                "collector.kafka.brokers", kafka.bootstrap(), "collector.kafka.max-record-bytes",
                Integer.toString(1 << 20), "collector.kafka.timeout-ms", "5000", "collector.store.jdbc-url", url,
                "collector.store.user", "postgres", "collector.store.enabled", "false",
                "camel.main.shutdown-timeout", "5"))) {
            HttpResponse<String> tooLarge = smaller.post(Reports.utf8(withText(1_500_000)), true);
            assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
            assertThat(tooLarge.body()).isEqualTo("decompressed body too large");
            assertThat(tooLarge.headers().firstValue("Retry-After")).isEmpty();

            takenAndStored(smaller, 1_000_000);
        }
    }

    /** Posts a report of about {@code bytes} bytes to {@code node}: answered 202, then stored. */
    private static void takenAndStored(TestCollector node, int bytes) throws Exception {
        String id = UUID.randomUUID().toString();
        String report = withText(bytes).replaceFirst("\"reportId\":\"[0-9a-f-]{36}\"", "\"reportId\":\"" + id + "\"");
        HttpResponse<String> taken = node.post(Reports.utf8(report), true);
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(id));
    }

    /**
     * A record the topic refuses as too large (the topic's max.message.bytes Kafka's default, 1 MiB, bounds the
     * compressed batch; a report of 1.5 MB of text lz4 cannot shrink): the broker's refusal is 413 too, never 503.
     */
    @Test
    void aRecordTheTopicRefusesAsTooLargeIs413Not503() throws Exception {
        kafka.createTopic("ceip-reports-small", 1);
        try (TestCollector larger = TestCollector.start(dir.resolve("b"), Map.of("collector.mode", "kafka",
                "collector.kafka.brokers", kafka.bootstrap(), "collector.kafka.topic", "ceip-reports-small",
                "collector.kafka.timeout-ms", "5000", "collector.store.jdbc-url", url, "collector.store.user",
                "postgres", "collector.store.enabled", "false", "camel.main.shutdown-timeout", "5",
                "collector.intake.max-compressed-bytes", Integer.toString(4 << 20))); // random text gzips to 1.1 MB
                LogLines log = LogLines.capture()) {
            HttpResponse<String> answer = larger.post(Reports.utf8(withIncompressibleText(1_500_000)), true);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
            assertThat(answer.body()).isEqualTo("decompressed body too large");
            assertThat(log.intake()).singleElement().asString()
                    .startsWith("WARN ceip.intake - refused with HTTP 413: decompressed body too large; Kafka refused"
                            + " the record as too large")
                    .contains("(client 127.0.0.1:"); // the address kept past the hand-off (review s17, 9)
        }
    }

    /** A report of about {@code bytes} bytes: a usage value of that many characters (one JSON token). */
    static String withText(int bytes) {
        return withNote("x".repeat(bytes));
    }

    /** A report of about {@code bytes} bytes of letters and digits drawn at random (lz4 finds nothing to repeat). */
    static String withIncompressibleText(int bytes) {
        Random random = new Random(17);
        String symbols = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder text = new StringBuilder(bytes);
        for (int i = 0; i < bytes; i++) {
            text.append(symbols.charAt(random.nextInt(symbols.length())));
        }
        return withNote(text.toString());
    }

    private static String withNote(String note) {
        return Reports.any().replace("\"usage\":{\"hosts\":12}", "\"usage\":{\"hosts\":12,\"note\":\"" + note + "\"}");
    }

    static boolean stored(String reportId) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM ceip_report WHERE report_id = ?")) {
            s.setString(1, reportId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1) == 1;
            }
        }
    }

    /** The store's committed offset of the topic's one partition (-1: none). */
    static long committed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("ceip-store").partitionsToOffsetAndMetadata()
                    .get().get(new TopicPartition(TOPIC, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    static long endOffset() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            return admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest())).all()
                    .get().get(partition).offset();
        }
    }
}
