package io.ceip.agent;

import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report deleted unsent because consent was withdrawn while it waited for a retry has its {@code CONSENT_WITHDRAWN}
 * line in the ledger, after the failed attempt's: the ledger's last word on it was that attempt's {@code HTTP_503}
 * (a report that looked still pending), because the withdrawal came at the same attempt number and a line per
 * attempt was written once.
 */
class DeliveryLedgerRecordsAWithdrawalBetweenRetriesTest extends AgentTestSupport {

    @Test
    void theWithdrawalAfterAFailedAttemptIsTheReportsLastLedgerLine() {
        server().reply(Reply.status(503), Reply.status(503));
        server().onRequest(() -> context.getRegistry().lookupByNameAndType("consentPolicy", ConsentPolicy.class)
                .set(ConsentLevel.OFF));

        Exchange cycle = runReportCycle();

        String reportId = cycle.getProperty("ceipReportId", String.class);
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(DeliveryLedger.read(dataDirectory().resolve("ledger.log")))
                .filteredOn(entry -> entry.reportId().equals(reportId))
                .extracting(entry -> entry.outcome() + " attempt=" + entry.attempt())
                .containsExactly("HTTP_503 attempt=1", "CONSENT_WITHDRAWN attempt=1");
    }
}
