package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sendNow} (JMX) and {@code ceip-agent send} answer what the routes decided, one line each, and the command's
 * exit code says it: 0 delivered, 3 stored for retry, 4 rejected, 5 consent off (also when withdrawn before sending).
 */
class SendNowAnswersWhatHappenedTest extends AgentTestSupport {

    @Test
    void aDeliveredReportIsSaidDeliveredAndExitsZero() throws Exception {
        CommandRun run = sendCommand();

        String reportId = server().received().get(0).header("Idempotency-Key");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Report " + reportId + " delivered" + System.lineSeparator());
        assertThat(management().sendNow()).isEqualTo("Report " + server().received().get(1).header("Idempotency-Key")
                + " delivered");
        assertThat(management().isLastCollectionPartial()).as("a whole report: no 'partial' on its line").isFalse();
    }

    /**
     * A report delivered without part of what it was to hold (a usage query's table gone) was said "delivered" as a
     * whole one: now the line says partial, naming each failure as the report's own {@code failures} hold it (source
     * and reason, never a message), as JMX {@code LastCollectionPartial} says; still delivered, exit code 0.
     */
    @Test
    void aPartialReportIsSaidDeliveredPartialWithTheReportsOwnFailures() throws Exception {
        database().execute("DROP TABLE host");

        CommandRun run = sendCommand();

        String reportId = server().received().get(0).header("Idempotency-Key");
        assertThat(run.exitCode()).as("delivered").isZero();
        assertThat(run.out()).isEqualTo("Report " + reportId + " delivered (partial: 1 failure: query:hosts"
                + " undefined-object; see the log)" + System.lineSeparator());
        assertThat(parse(server().received().get(0).json()).get("failures")).singleElement().satisfies(failure ->
                assertThat(failure.get("source").asText() + " " + failure.get("reason").asText())
                        .isEqualTo("query:hosts undefined-object"));
        assertThat(management().isLastCollectionPartial()).isTrue();
    }

    /** More than three failures: the first three named, in the report's order, and how many more. */
    @Test
    void sendNowNamesThreeFailuresAndCountsTheRest() {
        database().execute("DROP TABLE host", "DROP TABLE service", "DROP TABLE host_group", "DROP TABLE service_group");

        String answer = management().sendNow();

        assertThat(answer).isEqualTo("Report " + server().received().get(0).header("Idempotency-Key") + " delivered"
                + " (partial: 4 failures: query:hosts undefined-object, query:services undefined-object,"
                + " query:host-groups undefined-object and 1 more; see the log)");
        assertThat(parse(server().received().get(0).json()).get("failures")).hasSize(4);
    }

    @Test
    void aReportTheCollectorCannotTakeNowIsSaidStoredForRetryAndExitsThree() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));

        CommandRun run = sendCommand();

        String reportId = server().received().get(0).header("Idempotency-Key");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEqualTo("Report " + reportId + " not delivered (HTTP 503); stored for retry"
                + System.lineSeparator());
        assertThat(server().received()).as("no replay right after the collector failed").hasSize(4);
        assertThat(deadLetters().pending()).extracting(DeadLetter::reportId).containsExactly(reportId);

        server().reply(Reply.status(502), Reply.status(502), Reply.status(502), Reply.status(502));
        assertThat(management().sendNow()).endsWith("not delivered (HTTP 502); stored for retry");
    }

    @Test
    void aCollectorThatIsNotListeningIsNamedWithTheSettingToCheck() throws Exception {
        int port = server().port();
        server().close();

        CommandRun run;
        try (LogCapture log = LogCapture.attach()) {
            run = sendCommand();
            assertThat(log.shown()).contains("not delivered after 4 attempt(s)"
                    + " (HttpHostConnectException; cannot connect to localhost:" + port + ": connection refused (check"
                    + " ceip.endpoint.url)); kept in the dead-letter store for replay");
        }

        String reportId = deadLetters().pending().get(0).reportId();
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEqualTo("Report " + reportId + " not delivered (HttpHostConnectException; cannot"
                + " connect to localhost:" + port + ": connection refused (check ceip.endpoint.url)); stored for retry"
                + System.lineSeparator());
    }

    @Test
    void aRejectedReportIsSaidRejectedExitsFourAndTheDueDeadLettersAreReplayed() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        String kept = deadLetters().pending().get(0).reportId();
        server().reply(Reply.status(400, "no"));

        CommandRun run = sendCommand();

        String reportId = server().received().get(4).header("Idempotency-Key");
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).isEqualTo("Report " + reportId + " not delivered (HTTP 400); stored as rejected;"
                + " 1 kept report re-sent" + System.lineSeparator());
        assertThat(server().received()).as("the kept report is replayed after the new one was answered")
                .extracting(r -> r.header("Idempotency-Key")).endsWith(reportId, kept);
        assertThat(deadLetters().entries()).extracting(DeadLetter::reportId, DeadLetter::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(reportId, DeadLetter.REJECTED));
    }

    @Test
    void theKeptReportsReSentAfterTheNewOneAreCountedOnItsLine() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        assertThat(deadLetters().pending()).hasSize(2);
        // the new report 202, then the oldest kept one 401 (rejected), the other 202
        server().reply(Reply.status(202), Reply.status(401, "no"), Reply.status(202));

        CommandRun run = sendCommand();

        String reportId = server().received().get(8).header("Idempotency-Key");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Report " + reportId + " delivered; 2 kept reports re-sent: 1 delivered,"
                + " 1 rejected" + System.lineSeparator());
        assertThat(deadLetters().pending()).isEmpty();
    }

    @Test
    void aReplayThatStopsIsSaidOnTheLineOfTheDeliveredReport() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        server().reply(Reply.status(202), Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));

        String answer = management().sendNow();

        assertThat(answer).endsWith(" delivered; kept reports not re-sent (HTTP 503)");
        assertThat(deadLetters().pending()).hasSize(1);
    }

    @Test
    void consentOffIsSaidWithItsSourceExitsFiveAndIsAudited() throws Exception {
        consent().set(ConsentLevel.OFF);

        CommandRun run = sendCommand();

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.out()).isEqualTo("Nothing sent: consent is off (from runtime-setting)" + System.lineSeparator());
        assertThat(management().sendNow()).isEqualTo("Nothing sent: consent is off (from runtime-setting)");
        assertThat(server().connections()).isZero();
        assertThat(Files.readString(dataDirectory().resolve("consent-audit.log"))).contains("-> off");
    }

    @Test
    void consentWithdrawnBeforeTheRetryIsSaidDeletedUnsentAndExitsFive() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        server().onRequest(() -> consent().set(ConsentLevel.OFF));

        CommandRun run = sendCommand();

        String reportId = server().received().get(0).header("Idempotency-Key");
        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.out()).isEqualTo("Report " + reportId + " not sent: consent is off (from runtime-setting);"
                + " deleted unsent" + System.lineSeparator());
        assertThat(deadLetters().entries()).isEmpty();
    }

    private ConsentPolicy consent() {
        return context.getRegistry().lookupByNameAndType("consentPolicy", ConsentPolicy.class);
    }
}
