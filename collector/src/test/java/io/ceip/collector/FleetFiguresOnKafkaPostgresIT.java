package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.store.ReportStore;
import io.ceip.collector.support.FleetFigures;
import io.ceip.collector.support.KafkaBroker;
import io.ceip.collector.support.PostgresExtension;
import io.ceip.collector.support.SimulatedFleet;
import io.ceip.collector.support.TestCollector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet view's figures in the distributed form: the simulated fleet (with its events and repeats) sent through
 * a real Kafka broker into a real PostgreSQL; every figure's JSON equals what was fed, also after a report with
 * events is delivered to the store again (the PostgreSQL transaction of the duplicate is rolled back whole).
 */
class FleetFiguresOnKafkaPostgresIT {

    @TempDir
    static Path dir;

    static KafkaBroker kafka;
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();
    static String url;
    static TestCollector collector;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
        kafka.createTopic("ceip-reports", 2);
        url = postgres.database("ceip");
        collector = TestCollector.start(dir.resolve("node"), Map.of("collector.mode", "kafka",
                "collector.kafka.brokers", kafka.bootstrap(), "collector.kafka.timeout-ms", "5000",
                "collector.store.jdbc-url", url, "collector.store.user", "postgres",
                "collector.intake.max-requests-per-second", "0", "camel.main.shutdown-timeout", "5"));
        SimulatedFleet.feed(collector, false);
        await().atMost(Duration.ofMinutes(2)).until(() -> collector.collector().store().count()
                >= 2L * SimulatedFleet.INSTALLATIONS);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {collector, kafka}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void everyFigureIsWhatTheSimulatedFleetSentAlsoAfterARedelivery() throws Exception {
        FleetFigures.assertEveryFigureIsTheSimulatedFleet(collector);

        String stored;
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT report::text FROM ceip_report"
                        + " WHERE report->'durations' IS NOT NULL LIMIT 1")) {
            assertThat(rows.next()).isTrue();
            stored = rows.getString(1);
        }
        ReportStore store = collector.collector().store();
        assertThat(store.store(stored.getBytes(StandardCharsets.UTF_8), null))
                .isEqualTo(ReportStore.Outcome.DUPLICATE);

        assertThat(store.count()).isEqualTo(2L * SimulatedFleet.INSTALLATIONS);
        FleetFigures.assertEveryFigureIsTheSimulatedFleet(collector);
    }
}
