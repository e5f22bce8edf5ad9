package io.ceip.agent;

import io.ceip.agent.delivery.Outcome;
import io.ceip.agent.ops.SendAnswer;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.time.Duration;
import java.util.Properties;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status line decides, whatever follows it (a rejection is no unreachable collector: a 400 whose body trickles is
 * rejected once, not retried at every replay). A 2xx is the collector's "taken": an answer whose body trickles past
 * {@code ceip.endpoint.request-timeout} (or whose connection breaks mid-body) is cut there, and the report is delivered:
 * one request, one {@code HTTP_202} ledger line, no dead letter, "delivered" answered. It was recorded as an I/O
 * failure, kept pending and sent again at every retry and replay (the collector had it each time), and a replay stopped
 * at it as at an unreachable collector.
 */
class DeliveryAcceptedWithATricklingAnswerTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.response-timeout", "500", "ceip.endpoint.request-timeout", "1500",
                "ceip.retry.max-redeliveries", "2");
    }

    @Test
    void aTwoHundredTwoWhoseBodyTricklesPastTheDeadlineIsDeliveredOnce() {
        server().reply(Reply.trickle(100, 100), Reply.trickle(100, 100), Reply.trickle(100, 100));

        Exchange cycle = runReportCycle();

        String reportId = cycle.getProperty("ceipReportId", String.class);
        assertThat(server().received()).as("the collector took it at the first request").hasSize(1);
        assertThat(cycle.getProperty(Outcome.PROPERTY)).isEqualTo(Outcome.DELIVERED.id());
        assertThat(SendAnswer.of(cycle).line()).isEqualTo("Report " + reportId + " delivered");
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(DeliveryLedger.read(dataDirectory().resolve("ledger.log")))
                .extracting(DeliveryLedger.Entry::outcome).containsExactly("HTTP_202");
        await().atMost(Duration.ofSeconds(30)).until(() -> server().tricklesCut() == 1);
        assertThat(server().tricklesFinished()).as("the answer was cut, not read to its end").isZero();
    }

    @Test
    void aFourHundredWhoseBodyTricklesIsRejectedOnceNotRetriedAsUnreachable() {
        server().reply(Reply.trickle(400, 100, 100), Reply.trickle(400, 100, 100), Reply.trickle(400, 100, 100));

        Exchange cycle = runReportCycle();

        String reportId = cycle.getProperty("ceipReportId", String.class);
        assertThat(server().received()).as("a rejection is not retried").hasSize(1);
        assertThat(cycle.getProperty(Outcome.PROPERTY)).isEqualTo(Outcome.REJECTED.id());
        assertThat(SendAnswer.of(cycle).line()).isEqualTo("Report " + reportId + " not delivered (HTTP 400); stored as"
                + " rejected");
        assertThat(DeliveryLedger.read(dataDirectory().resolve("ledger.log")))
                .extracting(DeliveryLedger.Entry::outcome).containsExactly("HTTP_400");
    }
}
