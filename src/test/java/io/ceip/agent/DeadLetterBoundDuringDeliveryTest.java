package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryLedger.Entry;
import io.ceip.agent.report.ReportSteps;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter store's bound on the agent's routes ({@code ceip.dead-letter.max-entries=1}; review s20 M6, M4): a
 * report waiting for its retry is not evicted by the next report stored, an evicted report's last ledger line says
 * {@code EVICTED}, and a collector that rejects every report does not grow the store past its bound.
 */
class DeadLetterBoundDuringDeliveryTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.dead-letter.max-entries", "1");
    }

    private List<String> ledgerOutcomes(String reportId) {
        return DeliveryLedger.read(dataDirectory().resolve("ledger.log")).stream()
                .filter(e -> e.reportId().equals(reportId)).map(Entry::outcome).toList();
    }

    @Test
    void aReportEvictedByTheBoundHasItsLineInTheLedger() {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        String evicted = runReportCycle().getProperty(ReportSteps.REPORT_ID, String.class);
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();

        assertThat(deadLetters().entries()).extracting(DeadLetter::reportId).doesNotContain(evicted);
        assertThat(ledgerOutcomes(evicted)).last().isEqualTo("EVICTED");
        assertThat(management().getDeadLetterEvicted()).isEqualTo(1);
    }

    @Test
    void aReportWaitingForItsRetryIsNotEvictedByTheNextOne() throws Exception {
        server().reply(Reply.retryAfter(503, "3"), Reply.status(202), Reply.status(202));
        try (LogCapture log = LogCapture.attach()) {
            CompletableFuture<Exchange> first = CompletableFuture.supplyAsync(this::runReportCycle);
            await().atMost(Duration.ofSeconds(20)).until(() -> server().received().size() == 1); // waiting now
            runReportCycle();
            String inDelivery = first.get().getProperty(ReportSteps.REPORT_ID, String.class);

            assertThat(ledgerOutcomes(inDelivery)).containsExactly("HTTP_503", "HTTP_202");
            assertThat(log.all()).doesNotContain("report " + inDelivery + " evicted");
            assertThat(management().getDeadLetterEvicted()).isZero();
        }
    }

    @Test
    void rejectedReportsDoNotGrowTheStorePastItsBound() {
        for (int i = 0; i < 3; i++) {
            server().reply(Reply.status(401));
            runReportCycle();
        }

        assertThat(deadLetters().entries()).as("entries kept with ceip.dead-letter.max-entries=1").hasSize(1);
        assertThat(management().getDeadLetterEvicted()).isEqualTo(2);
    }
}
