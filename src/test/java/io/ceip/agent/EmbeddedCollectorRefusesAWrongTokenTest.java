package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token the collector does not know: the embedded collector (the collector's single-node form) refuses the report
 * with 401 and its fixed text, and the agent keeps it as rejected (not retried) until an administrator requeues it,
 * as the README says of a wrong token.
 */
class EmbeddedCollectorRefusesAWrongTokenTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        Properties properties = sendingToTheEmbeddedCollector(FreePort.next());
        properties.setProperty("ceip.endpoint.token", "not-the-demo-token-0123456789");
        return properties;
    }

    @Test
    void theReportIsRefusedWith401AndKeptAsRejected() {
        runReportCycle();

        assertThat(DeliveryLedger.read(dataDirectory().resolve("ledger.log")))
                .extracting(DeliveryLedger.Entry::outcome).containsExactly("HTTP_401");
        assertThat(deadLetters().entries()).singleElement().satisfies(kept -> {
            assertThat(kept.state()).isEqualTo(DeadLetter.REJECTED);
            assertThat(kept.lastStatus()).isEqualTo("HTTP 401");
            assertThat(kept.response()).isEqualTo("missing or unknown product token");
            assertThat(kept.attempts()).as("a 401 is not retried").isEqualTo(1);
        });
    }
}
