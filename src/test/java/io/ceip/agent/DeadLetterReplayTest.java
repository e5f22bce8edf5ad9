package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer;
import io.ceip.agent.support.TestHttpsServer.Received;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterReplayTest extends AgentTestSupport {

    @Test
    void reportsKeptWhileTheServerIsDownAreDeliveredOnceItIsBack() {
        int port = server().port();
        server().close();

        runReportCycle();
        runReportCycle();
        runReportCycle();

        List<DeadLetter> pending = deadLetters().pending();
        assertThat(pending).hasSize(3);
        assertThat(pending).allSatisfy(entry -> {
            assertThat(entry.lastStatus()).isEqualTo("HttpHostConnectException");
            assertThat(entry.attempts()).isEqualTo(4);
        });

        restartServer(port);
        int delivered;
        try (LogCapture log = LogCapture.attach()) {
            delivered = replayDeadLetters();
            assertThat(log.shown()).as("a replay logs one line for what it delivered, each report at DEBUG only")
                    .contains("Replay: 3 stored report(s) delivered").doesNotContain("delivered: HTTP");
            assertThat(log.all()).contains("Report " + pending.get(0).reportId() + " delivered: HTTP 202");
        }

        assertThat(delivered).isEqualTo(3);
        assertThat(server().received()).as("each generated report arrives exactly once, oldest first")
                .extracting(r -> r.header("Idempotency-Key"))
                .containsExactly(pending.get(0).reportId(), pending.get(1).reportId(), pending.get(2).reportId());
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(DeliveryLedger.read(dataDirectory().resolve("ledger.log"))).as("each delivery in the ledger, once")
                .filteredOn(DeliveryLedger.Entry::success).extracting(DeliveryLedger.Entry::reportId)
                .containsExactly(pending.get(0).reportId(), pending.get(1).reportId(), pending.get(2).reportId());
    }

    @Test
    void aReplayGoesOnAfterARejectionAndStopsAtTheFirstReportTheCollectorCannotTake() {
        int port = server().port();
        server().close();
        for (int i = 0; i < 4; i++) {
            runReportCycle();
        }
        List<DeadLetter> pending = deadLetters().pending();
        restartServer(port);
        server().reply(TestHttpsServer.Reply.status(400), TestHttpsServer.Reply.status(202),
                TestHttpsServer.Reply.status(503), TestHttpsServer.Reply.status(503),
                TestHttpsServer.Reply.status(503), TestHttpsServer.Reply.status(503));

        int delivered = replayDeadLetters();

        assertThat(delivered).isEqualTo(1);
        assertThat(server().received()).as("each through ceip-deliver, with its retries; the fourth never sent")
                .extracting(r -> r.header("Idempotency-Key")).containsExactly(pending.get(0).reportId(),
                        pending.get(1).reportId(), pending.get(2).reportId(), pending.get(2).reportId(),
                        pending.get(2).reportId(), pending.get(2).reportId());
        assertThat(deadLetters().entries()).extracting(DeadLetter::reportId, DeadLetter::state, DeadLetter::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(pending.get(0).reportId(), DeadLetter.REJECTED, 5),
                        org.assertj.core.groups.Tuple.tuple(pending.get(2).reportId(), DeadLetter.PENDING, 8),
                        org.assertj.core.groups.Tuple.tuple(pending.get(3).reportId(), DeadLetter.PENDING, 4));
    }

    /**
     * A report the collector keeps failing (a 503 for it alone, say a 500 for what it holds) goes to the back of the
     * line: the next replay sends the others first, least recently tried first. Before, every replay began with it,
     * stopped at it, and the reports stored after it waited until the store's bound evicted it (years, at one a day).
     */
    @Test
    void aReportTheCollectorKeepsFailingGoesToTheBackOfTheLine() {
        int port = server().port();
        server().close();
        for (int i = 0; i < 3; i++) {
            runReportCycle();
        }
        List<DeadLetter> pending = deadLetters().pending();
        String first = pending.get(0).reportId();
        restartServer(port);
        TestHttpsServer.Reply fails = TestHttpsServer.Reply.status(503);
        server().reply(fails, fails, fails, fails);
        assertThat(replayDeadLetters()).as("the oldest first; it fails: the replay stops").isZero();

        server().reply(TestHttpsServer.Reply.status(202), TestHttpsServer.Reply.status(202), fails, fails, fails, fails);
        assertThat(replayDeadLetters()).isEqualTo(2);

        assertThat(server().received()).extracting(r -> r.header("Idempotency-Key")).containsExactly(first, first,
                first, first, pending.get(1).reportId(), pending.get(2).reportId(), first, first, first, first);
        assertThat(deadLetters().entries()).extracting(DeadLetter::reportId).containsExactly(first);
    }

    @Test
    void theReplayRouteRunsOnItsOwnScheduleAfterAFailedCycle() throws Exception {
        int port = server().port();
        server().close();
        runReportCycle();
        assertThat(deadLetters().pending()).hasSize(1);
        restartServer(port);

        context.getRouteController().startRoute("ceip-replay");

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> deadLetters().entries().isEmpty());
        assertThat(server().received()).hasSize(1);
    }

    @Override
    protected java.util.Properties overrides() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("ceip.dead-letter.replay-period", "200");
        return properties;
    }
}
