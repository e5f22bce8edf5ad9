package io.ceip.agent.delivery;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A finished request leaves nothing behind: its deadline is cancelled and dropped once the answer is read, so a
 * long deadline and many reports (a replay of thousands) do not keep requests and their bodies in memory.
 */
class DeliveryDeadlineForgetsFinishedRequestsTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.request-timeout", "PT10M");
    }

    @Test
    void deadlinesOfAnsweredRequestsAreGone() {
        server().reply(Reply.status(202), Reply.status(202, "{\"accepted\":true}"), Reply.status(400, "bad"));
        for (int i = 0; i < 12; i++) {
            runReportCycle();
        }

        assertThat(server().received()).hasSize(12);
        DeliveryDeadline deadline = context.getRegistry().lookupByNameAndType("deliveryDeadline",
                DeliveryDeadline.class);
        assertThat(deadline.pending()).isZero();
    }
}
