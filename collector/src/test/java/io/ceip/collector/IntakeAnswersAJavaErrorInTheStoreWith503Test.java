package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.ErringJdbc;
import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single node: a Java {@link Error} (not an exception) thrown while the store inserts a report (out of memory, a stack
 * overflow: here from the JDBC call, through {@link ErringJdbc} on the real embedded database) is contained like the
 * store's other failures of its own: 503 {@code service unavailable, retry later} with {@code Retry-After: 30} and
 * one WARN line without a stack trace, nothing of the report kept, the store's database connection not left open,
 * and the report taken (202, one row) on the agent's next try.
 */
class IntakeAnswersAJavaErrorInTheStoreWith503Test {

    @TempDir
    Path dir;

    @AfterEach
    void disarm() {
        ErringJdbc.disarm();
    }

    @Test
    void aStackOverflowErrorIs503AndTheReportTakenOnTheNextTry() throws Exception {
        assertContained(() -> new StackOverflowError());
    }

    @Test
    void anOutOfMemoryErrorIs503AndTheReportTakenOnTheNextTry() throws Exception {
        assertContained(() -> new OutOfMemoryError("Java heap space"));
    }

    /**
     * The Error thrown in the intake route itself, by its duplicate check before the hand-off (the same JDBC driver):
     * the intake's own error handling answers it, 503 with the fixed text, one WARN line, no stack trace, and the
     * check's connection is closed, not left open (before: kept referenced by nobody, one session per try).
     */
    @Test
    void anErrorInTheIntakesDuplicateCheckIs503WithTheFixedText() throws Exception {
        String h2 = "jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath();
        try (TestCollector collector = TestCollector.start(dir, Map.of("collector.store.jdbc-url", ErringJdbc.url(h2),
                "collector.intake.max-requests-per-second", "0"))) {
            byte[] report = Reports.utf8(Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString()));
            int sessionsBefore = sessions(h2);
            ErringJdbc.armOn("SELECT 1 FROM ceip_report", StackOverflowError::new);
            answeredThreeTimes503(collector, report);
            assertThat(sessions(h2)).as("the duplicate check's connections after three failures")
                    .isLessThanOrEqualTo(sessionsBefore + 1);
            ErringJdbc.disarm();
            assertThat(collector.post(report, true).statusCode()).isEqualTo(202);
        }
    }

    private void assertContained(Supplier<Error> error) throws Exception {
        String h2 = "jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath();
        try (TestCollector collector = TestCollector.start(dir, Map.of("collector.store.jdbc-url", ErringJdbc.url(h2),
                "collector.intake.max-requests-per-second", "0"))) {
            byte[] report = Reports.utf8(Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString()));
            int sessionsBefore = sessions(h2);
            ErringJdbc.arm(error);
            answeredThreeTimes503(collector, report);
            assertThat(collector.collector().store().count()).isZero();
            assertThat(sessions(h2)).as("the store's connections after three failed inserts")
                    .isLessThanOrEqualTo(sessionsBefore + 1);

            ErringJdbc.disarm();
            assertThat(collector.post(report, true).statusCode()).isEqualTo(202); // the agent's next try
            assertThat(collector.collector().store().count()).isEqualTo(1);
        }
    }

    /** Three tries of {@code report}: each 503 with the fixed text and Retry-After, one WARN line, no stack trace. */
    private static void answeredThreeTimes503(TestCollector collector, byte[] report) throws Exception {
        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> answer = collector.post(report, true);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                assertThat(answer.body()).isEqualTo("service unavailable, retry later");
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("30");
            }
            assertThat(log.intake()).hasSize(3).allMatch(line -> line.startsWith(
                    "WARN ceip.intake - request failed (") && line.contains("answered HTTP 503 (client"));
            assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR") || line.contains("\tat "));
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
