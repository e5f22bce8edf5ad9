package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.support.KafkaBroker;
import io.ceip.collector.support.PostgresExtension;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed form with a real Kafka broker (KRaft, in this JVM) and a real PostgreSQL: two collector nodes
 * take reports (and repeats of them, in another case, at the other node) while one node's consumer is stopped and
 * started again mid-stream; every report is stored exactly once. Then Kafka goes away: the intake answers 503 with
 * Retry-After.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaPostgresExactlyOnceIT {

    static final int REPORTS = 300;
    static final int REPEATS = 60;

    @TempDir
    static Path dir;

    static KafkaBroker kafka;
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();
    static TestCollector a;
    static TestCollector b;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
        kafka.createTopic("ceip-reports", 4);
        String url = postgres.database("ceip");
        a = TestCollector.start(dir.resolve("a"), node(url));
        b = TestCollector.start(dir.resolve("b"), node(url));
    }

    static Map<String, String> node(String url) {
        return Map.of("collector.mode", "kafka", "collector.kafka.brokers", kafka.bootstrap(),
                "collector.kafka.timeout-ms", "5000", "collector.store.jdbc-url", url,
                "collector.store.user", "postgres", "collector.intake.max-requests-per-second", "0",
                "camel.main.shutdown-timeout", "5");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, kafka}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    @Order(1)
    void twoNodesAndAConsumerRestartedMidStreamStoreEveryReportExactlyOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < REPORTS; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            bodies.add(Reports.report(id, UUID.randomUUID().toString()));
        }
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger repeatsAnswered = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < REPORTS; i++) {
                int n = i;
                sent.add(senders.submit(() -> send(n % 2 == 0 ? a : b, bodies.get(n), accepted, other)));
                if (i == REPORTS / 3) {
                    waitFor(sent);
                    b.collector().camelContext().getRouteController().stopRoute("ceip-store");
                }
                if (i == 2 * REPORTS / 3) {
                    waitFor(sent);
                    b.collector().camelContext().getRouteController().startRoute("ceip-store");
                }
            }
            waitFor(sent);
            for (int i = 0; i < REPEATS; i++) {
                int n = i * (REPORTS / REPEATS);
                String repeat = bodies.get(n).replace(ids.get(n), ids.get(n).toUpperCase(Locale.ROOT));
                sent.add(senders.submit(() -> send(n % 2 == 0 ? b : a, repeat, repeatsAnswered, other)));
            }
            waitFor(sent);
        } finally {
            senders.shutdownNow();
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> a.collector().store().count() >= REPORTS);
        long stored = a.collector().store().stored() + b.collector().store().stored();
        long duplicates = a.collector().store().duplicates() + b.collector().store().duplicates();
        System.out.printf("exactly-once: sent %d (%d reports + %d repeats), accepted 202: %d, answered 2xx to"
                + " repeats: %d, rows stored: %d, inserts by the two nodes: %d, duplicates refused by the store: %d%n",
                REPORTS + REPEATS, REPORTS, REPEATS, accepted.get(), repeatsAnswered.get(),
                a.collector().store().count(), stored, duplicates);

        assertThat(other.get()).as("answers other than 200/202").isZero();
        assertThat(accepted.get()).isEqualTo(REPORTS);
        assertThat(repeatsAnswered.get()).isEqualTo(REPEATS);
        assertThat(a.collector().store().count()).isEqualTo(REPORTS);
        assertThat(stored).as("rows inserted by the two consumers").isEqualTo(REPORTS);
        for (String id : ids) {
            assertThat(a.collector().store().contains(id)).as(id).isTrue();
        }
    }

    @Test
    @Order(2)
    void aRepeatOfAStoredReportIs200AtEitherNode() throws Exception {
        String id = UUID.randomUUID().toString();
        String report = Reports.report(id, UUID.randomUUID().toString());
        assertThat(a.post(Reports.utf8(report), true).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(1)).until(() -> a.collector().store().contains(id));

        HttpResponse<String> again = b.post(Reports.utf8(report.replace(id, id.toUpperCase(Locale.ROOT))), false);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{\"reportId\":\"" + id + "\"}");
    }

    @Test
    @Order(3)
    void withPostgresUnreachableTheIntakeAnswers503AndTakesTheReportOnceItIsBack() throws Exception {
        String report = Reports.any();
        String id = report.substring(report.indexOf("\"reportId\":\"") + 12, report.indexOf("\"reportId\":\"") + 48);
        postgres.admin("ALTER DATABASE ceip ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'ceip'");
        HttpResponse<String> down;
        try {
            down = a.post(Reports.utf8(report), true);
        } finally {
            postgres.admin("ALTER DATABASE ceip ALLOW_CONNECTIONS true");
        }
        HttpResponse<String> back = a.post(Reports.utf8(report), true);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(down.body()).isEqualTo("service unavailable, retry later");
        assertThat(back.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(1)).until(() -> a.collector().store().contains(id));
    }

    @Test
    @Order(4)
    void withKafkaGoneTheIntakeAnswers503WithRetryAfter() throws Exception {
        kafka.close();
        kafka = null;

        HttpResponse<String> response = a.post(Reports.utf8(Reports.any()), true);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(response.body()).isEqualTo("service unavailable, retry later");
    }

    private static void send(TestCollector node, String body, AtomicInteger expected, AtomicInteger other) {
        try {
            HttpResponse<String> response = node.post(Reports.utf8(body), true);
            if (response.statusCode() == 202 || response.statusCode() == 200) {
                expected.incrementAndGet();
            } else {
                other.incrementAndGet();
            }
        } catch (Exception e) {
            other.incrementAndGet();
        }
    }

    private static void waitFor(List<Future<?>> futures) throws Exception {
        for (Future<?> future : futures) {
            future.get();
        }
    }
}
