package io.ceip.agent;

import io.ceip.agent.delivery.CopyHandOff;
import io.ceip.agent.delivery.Destinations;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.Tarpit;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer's copy that finds the copies' threads and queue all taken is left to the customer's replay, as the WARN
 * line and docs/delivery.md say (review s20 fixes H1): it was left claimed by the report cycle that stored it, so the
 * replay never listed it until a restart. Now its claim is let go: it is due for the replay, which can take it.
 */
class CustomerCopyLeftBehindIsReplayedTest extends AgentTestSupport {

    private static final int CYCLES = 22;

    private Tarpit tarpit;

    @Override
    protected Properties overrides() {
        tarpit = new Tarpit(); // a hanging customer endpoint
        return toAHangingCustomerEndpoint(tarpit);
    }

    @AfterEach
    void stop() throws Exception {
        tarpit.close();
    }

    @Test
    void aCopyLeftToTheReplayIsDueForIt() {
        for (int i = 0; i < CYCLES; i++) {
            runReportCycle();
        }
        long left = context.getRegistry().lookupByNameAndType("ceipCopyHandOff", CopyHandOff.class).left();
        assertThat(left).as("copies left to the replay").isPositive();
        DeliveryQueue queue = context.getRegistry().lookupByNameAndType("destinations", Destinations.class).customer()
                .orElseThrow().queue();
        List<String> due = queue.due(1000);
        assertThat(due).as("the %d copies left to the customer's replay are due for it", left)
                .hasSizeGreaterThanOrEqualTo((int) left);
        assertThat(queue.claim(due.get(0))).as("the replay can take one").isPresent();
    }
}
