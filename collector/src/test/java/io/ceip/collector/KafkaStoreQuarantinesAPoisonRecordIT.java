package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.ErringJdbc;
import io.ceip.collector.support.KafkaBroker;
import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.PostgresExtension;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 * A Kafka record whose store fails every time for a reason of its own (a Java {@link StackOverflowError} from the
 * insert on H2, {@link ErringJdbc}; PostgreSQL's own {@code 54001} from a real trigger) stopped its partition's consumer
 * for good, polled again every 8 s. Now after {@code collector.store.quarantine-after-attempts} tries its bytes are kept
 * in {@code ceip_report_quarantine} and its offset committed, and the report after it is stored; while the store's own
 * failure lasts (a table missing on H2, PostgreSQL refusing connections) nothing is quarantined however many tries,
 * the offset is not committed past the record, and it is stored once the failure ends. The quarantine is bounded
 * ({@code collector.store.quarantine-max-records}): a poison record finding it full waits in Kafka, its partition not
 * committed past it, until room is made. Real broker, real databases.
 */
class KafkaStoreQuarantinesAPoisonRecordIT {

    @TempDir
    static Path dir;

    static KafkaBroker kafka;
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() throws Exception {
        ErringJdbc.disarm();
        for (AutoCloseable closeable : new AutoCloseable[] {kafka}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void onH2ARecordWhoseInsertAlwaysThrowsAnErrorIsQuarantinedAndTheNextIsStored() throws Exception {
        String h2 = "jdbc:h2:file:" + dir.resolve("h2a/db/collector").toAbsolutePath();
        String poison = UUID.randomUUID().toString();
        ErringJdbc.armFor(poison, StackOverflowError::new);
        try {
            poisonAndGood("h2a", ErringJdbc.url(h2), h2, "ceip", poison, "java.lang.StackOverflowError");
        } finally {
            ErringJdbc.disarm();
        }
    }

    @Test
    void onPostgresARecordItRefusesWithAProgramLimitIsQuarantinedAndTheNextIsStored() throws Exception {
        String url = postgres.database("ceip_poison");
        String poison = UUID.randomUUID().toString();
        poisonAndGood("pga", url, url, "postgres", poison, "org.postgresql.util.PSQLException (SQL state 54001)");
    }

    @Test
    void onH2ATableMissingIsTheStoresFailureAndTheRecordWaitsForItUnquarantined() throws Exception {
        String h2 = "jdbc:h2:file:" + dir.resolve("h2b/db/collector").toAbsolutePath();
        storesFailureLasts("h2b", h2, "ceip", () -> sql(h2, "ceip", "ALTER TABLE ceip_report RENAME TO ceip_report_away"),
                () -> sql(h2, "ceip", "ALTER TABLE ceip_report_away RENAME TO ceip_report"));
    }

    @Test
    void withPostgresDownTheRecordWaitsForItUnquarantined() throws Exception {
        String url = postgres.database("ceip_down");
        storesFailureLasts("pgb", url, "postgres", () -> postgres.admin("ALTER DATABASE ceip_down ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'ceip_down'"),
                () -> postgres.admin("ALTER DATABASE ceip_down ALLOW_CONNECTIONS true"));
    }

    /**
     * A poison record on partition 0 while the same consumer keeps storing good records of partition 1 between its
     * tries: each good record of the other partition started its count again, so it never reached the bound and
     * partition 0 stopped for good, the very thing the quarantine ends.
     */
    @Test
    void onH2APoisonRecordIsQuarantinedWhileAnotherPartitionOfTheSameConsumerKeepsStoring() throws Exception {
        String name = "h2c";
        String h2 = "jdbc:h2:file:" + dir.resolve("h2c/db/collector").toAbsolutePath();
        String poison = UUID.randomUUID().toString();
        kafka.createTopic(name, 2);
        ErringJdbc.armFor(poison, StackOverflowError::new);
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        Properties settings = new Properties();
        settings.put("bootstrap.servers", kafka.bootstrap());
        try (TestCollector node = node(name, ErringJdbc.url(h2), "ceip", 3);
                KafkaProducer<byte[], byte[]> agent = new KafkaProducer<>(settings, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            agent.send(new ProducerRecord<>(name, 0, null, Reports.utf8(Reports.report(poison,
                    UUID.randomUUID().toString())))).get();
            traffic.scheduleAtFixedRate(() -> agent.send(new ProducerRecord<>(name, 1, null, Reports.utf8(
                    Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString())))), 0, 250,
                    TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofSeconds(60)).until(() -> committed(name) == 1);
            assertThat(rows(h2, "ceip", "SELECT topic || ' ' || record_partition || ' ' || record_offset"
                    + " FROM ceip_report_quarantine")).containsExactly(name + " 0 0");
        } finally {
            traffic.shutdownNow();
            ErringJdbc.disarm();
        }
    }

    /**
     * The quarantine grew without a bound. At its bound (here 1 record) a second poison record is not quarantined: its
     * offset and the good report's after it are not committed, one WARN line names the full table however many tries,
     * the fleet view's {@code quarantine.json} says full; once the operator deletes the first row the second is
     * quarantined and the good report stored: nothing was dropped.
     */
    @Test
    void onPostgresAPoisonRecordFindingTheQuarantineFullWaitsInKafkaUntilThereIsRoom() throws Exception {
        String name = "pgfull";
        String url = postgres.database("ceip_full");
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        kafka.createTopic(name, 1);
        Map<String, String> settings = new HashMap<>(Map.of("collector.store.quarantine-max-records", "1"));
        try (TestCollector node = node(name, url, "postgres", 3, settings); LogLines log = LogLines.capture()) {
            sql(url, "postgres", "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.report_id IN ('" + first
                    + "', '" + second + "') THEN RAISE EXCEPTION 'stack depth limit exceeded' USING ERRCODE = '54001';"
                    + " END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                    "CREATE TRIGGER poison BEFORE INSERT ON ceip_report_id FOR EACH ROW EXECUTE FUNCTION poison()");
            String good = UUID.randomUUID().toString();
            for (String id : List.of(first, second, good)) {
                assertThat(node.post(Reports.utf8(Reports.report(id, UUID.randomUUID().toString())), true)
                        .statusCode()).isEqualTo(202);
            }
            String full = "WARN io.ceip.collector.store.ReportStore - Store: record " + name + "-0 offset 1 not"
                    + " quarantined after 3 attempts (org.postgresql.util.PSQLException (SQL state 54001)):"
                    + " ceip_report_quarantine is full (1 records, collector.store.quarantine-max-records), so"
                    + " partition " + name + "-0 waits at this record (Kafka keeps it; not one report is dropped) until"
                    + " records are resent or deleted: java -jar ceip-collector.jar quarantine list";
            await().atMost(Duration.ofSeconds(60)).until(() -> log.lines().contains(full));
            long triesAtFull = failedTries(log.lines(), name);
            await().atMost(Duration.ofSeconds(60)).until(() -> failedTries(log.lines(), name) >= triesAtFull + 2);

            assertThat(committed(name)).as("committed past the first poison only").isEqualTo(1);
            assertThat(rows(url, "postgres", "SELECT report_id FROM ceip_report")).isEmpty();
            assertThat(log.lines()).filteredOn(line -> line.contains("is full")).containsExactly(full);
            assertThat(node.post(HttpRequest.newBuilder(node.uri("/v1/fleet/quarantine.json")).GET()
                    .header("Authorization", "Bearer ceip-fleet-demo-token-0123")).body())
                    .matches("\\{\"figure\":\"quarantine\",\"records\":1,\"oldest\":\"[0-9T:.Z-]+\",\"bound\":1,"
                            + "\"full\":true}");

            sql(url, "postgres", "DELETE FROM ceip_report_quarantine"); // the operator made room
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(name) == 3);
            assertThat(rows(url, "postgres", "SELECT report_id FROM ceip_report")).containsExactly(good);
            assertThat(rows(url, "postgres", "SELECT record_offset FROM ceip_report_quarantine")).containsExactly("1");
            assertThat(node.collector().store().quarantined()).isEqualTo(2);
        }
    }

    /**
     * A poison report and a good one posted after it to a node quarantining after 3 tries: the poison's bytes are
     * kept (key, value, place, the failure's class name only), the good one stored, the offset past both.
     */
    private void poisonAndGood(String name, String nodeUrl, String url, String user, String poison, String reason)
            throws Exception {
        kafka.createTopic(name, 1);
        try (TestCollector node = node(name, nodeUrl, user, 3); LogLines log = LogLines.capture()) {
            if (url.startsWith("jdbc:postgresql:")) { // PostgreSQL's own refusal of this one report, as from its nesting
                sql(url, user, "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.report_id = '" + poison
                        + "' THEN RAISE EXCEPTION 'stack depth limit exceeded' USING ERRCODE = '54001'; END IF;"
                        + " RETURN NEW; END $$ LANGUAGE plpgsql",
                        "CREATE TRIGGER poison BEFORE INSERT ON ceip_report_id FOR EACH ROW EXECUTE FUNCTION poison()");
            }
            String installation = UUID.randomUUID().toString();
            byte[] bad = Reports.utf8(Reports.report(poison, installation));
            String good = UUID.randomUUID().toString();
            assertThat(node.post(bad, false).statusCode()).isEqualTo(202);
            assertThat(node.post(Reports.utf8(Reports.report(good, UUID.randomUUID().toString())), true)
                    .statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(60)).until(() -> committed(name) == 2);
            assertThat(node.collector().store().count()).isEqualTo(1);
            assertThat(rows(url, user, "SELECT report_id FROM ceip_report")).containsExactly(good);
            assertThat(rows(url, user, "SELECT topic || ' ' || record_partition || ' ' || record_offset || ' ' || reason"
                    + " FROM ceip_report_quarantine")).containsExactly(name + " 0 0 " + reason);
            assertThat(bytes(url, user, "record")).isEqualTo(bad);
            assertThat(bytes(url, user, "record_key")).isEqualTo(installation.getBytes(StandardCharsets.UTF_8));
            assertThat(node.collector().store().quarantined()).isEqualTo(1);
            assertThat(node.collector().store().quarantinedInTable()).isEqualTo(1);
            assertThat(log.lines()).filteredOn(line -> line.contains("quarantined")).containsExactly(
                    "WARN io.ceip.collector.store.ReportStore - Store: record " + name + "-0 offset 0 quarantined"
                    + " after 3 attempts (" + reason + "): its bytes kept in ceip_report_quarantine, its offset"
                    + " committed past");
            assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR") || line.contains("\tat "));
        }
    }

    /**
     * The store's own failure (not the record's) lasting through many more tries than the node's bound of 2: nothing
     * quarantined, the offset not committed past the record, which is stored once the failure ends.
     */
    private void storesFailureLasts(String name, String url, String user, Sql fail, Sql heal) throws Exception {
        kafka.createTopic(name, 1);
        try (TestCollector node = node(name, url, user, 2); LogLines log = LogLines.capture()) {
            String id = UUID.randomUUID().toString();
            fail.run();
            try {
                Properties producer = new Properties();
                producer.put("bootstrap.servers", kafka.bootstrap());
                try (KafkaProducer<byte[], byte[]> agent = new KafkaProducer<>(producer, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    agent.send(new ProducerRecord<>(name, "x".getBytes(StandardCharsets.UTF_8),
                            Reports.utf8(Reports.report(id, UUID.randomUUID().toString())))).get();
                }
                // tries at 0, 1, 3, 7 s: twice the bound
                await().atMost(Duration.ofSeconds(60)).until(() -> failedTries(log.lines(), name) >= 4);
                assertThat(committed(name)).as("not committed past the unstored record").isLessThan(1);
            } finally {
                heal.run();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(name) == 1);
            assertThat(rows(url, user, "SELECT report_id FROM ceip_report")).containsExactly(id);
            assertThat(rows(url, user, "SELECT topic FROM ceip_report_quarantine")).isEmpty();
            assertThat(node.collector().store().quarantined()).isZero();
            assertThat(log.lines()).noneMatch(line -> line.contains("quarantined") || line.startsWith("ERROR"));
        }
    }

    private static long failedTries(List<String> lines, String topic) {
        return lines.stream().filter(line -> line.startsWith("WARN") && line.contains(topic)
                && !line.contains("quarantined")).count();
    }

    private static TestCollector node(String name, String url, String user, int attempts) throws Exception {
        return node(name, url, user, attempts, Map.of());
    }

    private static TestCollector node(String name, String url, String user, int attempts, Map<String, String> more)
            throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("collector.mode", "kafka", "collector.kafka.brokers",
                kafka.bootstrap(), "collector.kafka.timeout-ms", "5000", "collector.store.jdbc-url", url,
                "collector.store.user", user, "collector.intake.max-requests-per-second", "0",
                "camel.main.shutdown-timeout", "5", "collector.kafka.topic", name, "collector.kafka.group-id", name,
                "collector.store.quarantine-after-attempts", String.valueOf(attempts)));
        settings.putAll(more);
        return TestCollector.start(dir.resolve(name), settings);
    }

    /** The store's committed offset of the topic's one partition (-1: none). */
    private static long committed(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(topic).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    private static void sql(String url, String user, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private static List<String> rows(String url, String user, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static byte[] bytes(String url, String user, String column) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + column + " FROM ceip_report_quarantine")) {
            rows.next();
            return rows.getBytes(1);
        }
    }

    /** A change made to the database by the test. */
    private interface Sql {
        void run() throws SQLException;
    }
}
