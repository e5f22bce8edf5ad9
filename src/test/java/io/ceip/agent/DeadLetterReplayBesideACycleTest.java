package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Received;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay and a cycle run at the same time and never send the same report at once: the report a cycle is
 * delivering is claimed, so a replay that starts meanwhile skips it and sends only what was due before.
 */
class DeadLetterReplayBesideACycleTest extends AgentTestSupport {

    @Test
    void aReplayDuringACycleSkipsTheReportTheCycleIsSending() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        String due = deadLetters().pending().get(0).reportId();
        CountDownLatch cycleArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        server().onRequest(() -> {
            if (requests.incrementAndGet() == 1) { // the new cycle's first request: held until the replay is done
                cycleArrived.countDown();
                await(release);
            }
        });

        CompletableFuture<Exchange> cycle = template.asyncSend("direct:ceip-report", exchange -> { });
        assertThat(cycleArrived.await(30, TimeUnit.SECONDS)).isTrue();
        int delivered = replayDeadLetters();
        release.countDown();
        Exchange finished = cycle.get(30, TimeUnit.SECONDS);

        String cycleReport = finished.getProperty("ceipReportId", String.class);
        assertThat(delivered).as("only the report due before the cycle").isEqualTo(1);
        List<String> keys = server().received().stream().skip(4).map(r -> r.header("Idempotency-Key")).toList();
        assertThat(keys).containsExactlyInAnyOrder(due, cycleReport);
        assertThat(server().received()).extracting(Received::status).endsWith(202, 202);
        assertThat(deadLetters().entries()).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
