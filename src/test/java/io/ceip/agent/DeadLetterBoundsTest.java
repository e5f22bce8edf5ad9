package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterBoundsTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.dead-letter.max-entries", "2",
                "ceip.retry.max-redeliveries", "0");
    }

    @Test
    void pastItsBoundTheStoreEvictsTheOldestPendingReportsAndCountsThem() {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));

        for (int i = 0; i < 4; i++) {
            runReportCycle();
        }

        List<String> sent = server().received().stream().map(r -> r.header("Idempotency-Key")).toList();
        assertThat(deadLetters().entries()).extracting(DeadLetter::reportId).containsExactly(sent.get(2), sent.get(3));
        AgentManagement jmx = context.getRegistry().lookupByNameAndType("agentManagement", AgentManagement.class);
        assertThat(jmx.getDeadLetterEvicted()).isEqualTo(2);
        assertThat(jmx.getDeadLetterPending()).isEqualTo(2);
    }
}
