package io.ceip.agent;

import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryLedger.Entry;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * A failed attempt is in the ledger before the retry waits: the collector answers 503 with Retry-After 8 s, then 202;
 * the 503 line is there while the retry is still waiting (the second request has not come: the latch is closed).
 */
class DeliveryLedgerBeforeRetryWaitTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.retry.max-retry-after", "60000");
    }

    @Test
    void theFailedAttemptIsInTheLedgerBeforeTheRetryWait() throws Exception {
        CountDownLatch retried = new CountDownLatch(2);
        server().reply(Reply.retryAfter(503, "8"), Reply.status(202));
        server().onRequest(retried::countDown);
        Path ledger = dataDirectory().resolve("ledger.log");

        CompletableFuture<Exchange> cycle = template.asyncSend("direct:ceip-report", exchange -> { });

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ledger.toFile().exists()
                && DeliveryLedger.read(ledger).stream().anyMatch(e -> e.outcome().equals("HTTP_503")));
        assertThat(retried.getCount()).as("the retry is still waiting").isEqualTo(1);
        assertThat(DeliveryLedger.read(ledger)).extracting(Entry::outcome, Entry::attempt)
                .containsExactly(tuple("HTTP_503", 1));

        assertThat(retried.await(30, TimeUnit.SECONDS)).isTrue();
        cycle.get(30, TimeUnit.SECONDS);
        List<Entry> entries = DeliveryLedger.read(ledger);
        assertThat(entries).extracting(Entry::outcome, Entry::attempt)
                .containsExactly(tuple("HTTP_503", 1), tuple("HTTP_202", 2));
    }
}
