package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Single node: a failure of the store that is the collector's own, not the report's (the embedded database failing
 * in its own code, a constraint the report cannot know of, the store route not running), is answered 503 with
 * {@code Retry-After}, so that the agent keeps the report and sends it again: never 400, which the agent drops, nor
 * a bare 500 without a log line. Before: each SQL failure of the in-process store was answered 500 with an empty body,
 * no {@code Retry-After}, no log line at all, and the report's installation ID in a {@code kafka.key} answer header
 * (the store route's own error handling ended the failure there, so the intake's never saw it); a stopped store route
 * held the request 30 s (the direct component waiting for a consumer) and past the agent's timeout.
 */
class IntakeAnswersTheStoresOwnFailuresWith503Test {

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.max-requests-per-second", "0"));

    /** A trigger that fails inside the embedded database on every insert (H2 answers SQL state 90044). */
    public static final class FailingTrigger implements org.h2.api.Trigger {
        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) {
            throw new IllegalStateException("the database's own failure");
        }
    }

    @AfterEach
    void repair() throws Exception {
        database("DROP TRIGGER IF EXISTS failing", "ALTER TABLE ceip_report DROP CONSTRAINT IF EXISTS unknowable");
        if (!collector.collector().camelContext().getRouteController().getRouteStatus("ceip-store").isStarted()) {
            collector.collector().camelContext().getRouteController().startRoute("ceip-store");
        }
    }

    @Test
    void aRuntimeFailureInsideTheDatabaseIs503AndTheReportTakenWhenItIsBack() throws Exception {
        database("CREATE TRIGGER failing BEFORE INSERT ON ceip_report FOR EACH ROW CALL \""
                + FailingTrigger.class.getName() + "\"");

        assertAnswered503ThenTakenOnceRepaired();
    }

    @Test
    void aConstraintTheReportCannotKnowOfIs503() throws Exception {
        database("ALTER TABLE ceip_report ADD CONSTRAINT unknowable CHECK (report_id = 'none') NOCHECK");

        assertAnswered503ThenTakenOnceRepaired();
    }

    @Test
    void aStoppedStoreRouteIs503AtOnce() throws Exception {
        collector.collector().camelContext().getRouteController().stopRoute("ceip-store");
        long start = System.nanoTime();

        assertAnswered503ThenTakenOnceRepaired();
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms to the answer").isLessThan(10_000);
    }

    private static void assertAnswered503ThenTakenOnceRepaired() throws Exception {
        byte[] report = Reports.utf8(Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString()));
        long before = collector.collector().store().count();
        try (LogLines log = LogLines.capture()) {
            HttpResponse<String> answer = collector.post(report, true);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.body()).isEqualTo("service unavailable, retry later");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(answer.headers().map()).doesNotContainKey("kafka.key");
            assertThat(log.intake()).singleElement().asString()
                    .startsWith("WARN ceip.intake - request failed (").contains("answered HTTP 503 (client");
            assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR") || line.contains(" | "));
        }
        assertThat(collector.collector().store().count()).isEqualTo(before);
        new IntakeAnswersTheStoresOwnFailuresWith503Test().repair();
        assertThat(collector.post(report, true).statusCode()).isEqualTo(202); // the agent's next try
        assertThat(collector.collector().store().count()).isEqualTo(before + 1);
    }

    private static void database(String... sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + collector.dir().resolve("db/collector").toAbsolutePath(), "ceip", "");
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}
