package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that never answers, or trickles its answer (a 503's: a trickling 2xx is a delivery,
 * {@code DeliveryAcceptedWithATricklingAnswerTest}), is cut off; the report is kept; threads stay bounded.
 */
class SlowServerTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.response-timeout", "500",
                "ceip.endpoint.request-timeout", "1500",
                "ceip.retry.max-redeliveries", "1");
    }

    /** Live threads, without the test server's own. */
    private static long agentThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(name -> !name.startsWith("pool-") && !name.startsWith("HTTP-Dispatcher"))
                .count();
    }

    @Test
    void aSilentServerIsCutOffAtTheResponseTimeoutRetriedAndTheReportKept() {
        server().reply(Reply.delayed(3000), Reply.delayed(3000));

        runReportCycle();

        assertThat(server().received()).hasSize(2);
        assertThat(deadLetters().pending()).singleElement().extracting(DeadLetter::lastStatus)
                .isEqualTo("SocketTimeoutException");
    }

    @Test
    void aTricklingServerIsCutOffAtTheRequestDeadlineAndTheNextReportIsNotBlocked() {
        server().reply(Reply.trickle(503, 100, 100), Reply.trickle(503, 100, 100));
        runReportCycle();
        await().atMost(Duration.ofSeconds(30)).until(() -> server().tricklesCut() == 2);
        long threadsAfterFirst = agentThreads();
        for (int cycle = 0; cycle < 3; cycle++) {
            server().reply(Reply.trickle(503, 100, 100), Reply.trickle(503, 100, 100));
            runReportCycle();
        }

        assertThat(server().tricklesFinished()).as("no answer was read to its end").isZero();
        assertThat(deadLetters().pending()).hasSize(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> server().tricklesCut() == 8);

        server().reply(Reply.status(202));
        runReportCycle();
        assertThat(server().received()).last().extracting(r -> r.status()).isEqualTo(202);
        assertThat(agentThreads()).as("threads do not grow with the six cut-off requests")
                .isLessThanOrEqualTo(threadsAfterFirst + 2);
    }
}
