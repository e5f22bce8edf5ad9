package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ceip.retry.send-budget} is the one-shot send's alone: the running agent still waits for a Retry-After. */
class RetryBudgetLeavesTheRunningAgentAloneTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.retry.send-budget", "0", "ceip.retry.max-redeliveries", "1");
    }

    @Test
    void theRunningAgentRetriesAfterTheWaitItWasAskedFor() {
        server().reply(Reply.retryAfter(503, "1"), Reply.status(202));

        runReportCycle();

        assertThat(server().received()).hasSize(2);
        assertThat(deadLetters().entries()).isEmpty();
    }
}
