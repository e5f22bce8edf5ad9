package io.ceip.agent;

import io.ceip.agent.ops.RejectedRequeue;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryLedger.Entry;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the dead-letter store cannot be written (a file where its directory should be stands for a full disk), an
 * undelivered report is kept in memory; the operator's operations count and act on it too (review s20 M1): the
 * replay's "still pending" counts it, and a purge deletes it, with its ledger line, so that no replay sends it after.
 */
class DeadLetterPurgeWhileTheStoreCannotBeWrittenTest extends AgentTestSupport {

    private Path blocked;

    @Override
    protected Properties overrides() {
        blocked = newTempDirectory().resolve("dead-letter");
        return with("ceip.dead-letter.directory", blocked.toString(), "ceip.retry.max-redeliveries", "0");
    }

    @Test
    void aReportKeptInMemoryIsCountedAndPurgedAndNeverSentAfter() throws Exception {
        Files.writeString(blocked, "stands for a full disk");
        server().reply(Reply.status(503));
        String kept = management().sendNow();
        assertThat(kept).contains("kept in memory for retry");

        server().reply(Reply.status(503));
        assertThat(management().replayDeadLetters()).isEqualTo("0 delivered, 1 still pending (stopped: HTTP 503)");
        assertThat(management().getDeadLetterPending()).isEqualTo(1);
        assertThat(management().purgeDeadLetters()).isEqualTo("1 report(s) deleted from the dead-letter store");

        Files.delete(blocked);
        server().reply(Reply.status(202));
        assertThat(replayDeadLetters()).as("delivered after the purge").isZero();
        assertThat(DeliveryLedger.read(dataDirectory().resolve("ledger.log"))).extracting(Entry::outcome)
                .containsExactly("HTTP_503", "HTTP_503", RejectedRequeue.PURGED);
    }
}
