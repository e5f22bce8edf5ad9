package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.apache.camel.spi.Registry;
import org.apache.camel.support.DefaultRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s20 L3: a one-shot {@code send} to a collector answering 503 with {@code Retry-After: 600} waited 4 × 10 min,
 * past its service's TimeoutStartSec (30 min), which ended it with no answer. Now no retry wait may end past
 * {@code ceip.retry.send-budget} from its start: it answers "stored for retry" and says why. A wait within the
 * budget is still made. (The agent here is started as a one-shot command is: the marker bound before it configures.)
 */
class SendRetryBudgetAnswersInTimeTest extends AgentTestSupport {

    @Override
    protected Registry createCamelRegistry() throws Exception {
        Registry registry = new DefaultRegistry();
        registry.bind(AgentCommand.ONE_SHOT_COMMAND, Boolean.TRUE);
        return registry;
    }

    @Override
    protected Properties overrides() {
        return with("ceip.retry.send-budget", "60000", "ceip.retry.max-redeliveries", "4",
                "ceip.retry.max-retry-after", "600000");
    }

    @Test
    void aRetryAfterPastTheBudgetIsNotWaitedForAndSendAnswersStoredForRetry() throws Exception {
        server().reply(Reply.retryAfter(503, "600"), Reply.status(202));
        Instant start = Instant.now();

        CommandRun send = sendCommand();

        assertThat(Duration.between(start, Instant.now())).as("no 10-minute wait").isLessThan(Duration.ofSeconds(30));
        assertThat(server().received()).as("one attempt, no retry").hasSize(1);
        assertThat(send.exitCode()).as("3: stored for retry").isEqualTo(3);
        assertThat(send.out()).contains("stored for retry", "not retried: waiting 600 s more would pass the send's"
                + " retry budget (ceip.retry.send-budget, 60 s)");
        assertThat(deadLetters().entries()).singleElement().satisfies(entry -> assertThat(entry.state()).isEqualTo("pending"));
    }

    @Test
    void aRetryAfterWithinTheBudgetIsWaitedFor() throws Exception {
        server().reply(Reply.retryAfter(503, "1"), Reply.status(202));

        CommandRun send = sendCommand();

        assertThat(server().received()).hasSize(2);
        assertThat(send.exitCode()).as("0: delivered").isZero();
    }
}
