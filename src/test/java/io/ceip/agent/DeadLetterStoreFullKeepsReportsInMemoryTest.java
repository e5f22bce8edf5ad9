package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter store cannot be written (a disk-full stand-in: its path is a regular file, so every write fails):
 * a report that cannot be delivered now is kept in memory (at most ceip.dead-letter.memory-entries, here 2) and
 * retried by the next replay; health is DOWN naming the cause; the log never says "lost" of a report still kept; past
 * the bound the oldest is lost, one WARN line with its ID, counted; once the store can be written the kept reports
 * move to disk and health is UP again.
 */
class DeadLetterStoreFullKeepsReportsInMemoryTest extends AgentTestSupport {

    private Path blocked;

    @Override
    protected Properties overrides() {
        // a file where the store's directory should be stops a start: it appears once the agent runs
        blocked = newTempDirectory().resolve("dead-letter");
        return with("ceip.dead-letter.directory", blocked.toString(), "ceip.retry.max-redeliveries", "0",
                "ceip.dead-letter.memory-entries", "2");
    }

    @Test
    void reportsAreKeptInMemoryRetriedAndOnlyTheOnePastTheBoundIsLost() throws Exception {
        Files.writeString(blocked, "stands for a full disk");
        try (LogCapture log = LogCapture.attach()) {
            server().reply(Reply.status(503));
            String first = management().sendNow();

            assertThat(first).endsWith("not delivered (HTTP 503); kept in memory for retry (the dead-letter store"
                    + " cannot be written)");
            assertThat(management().getHealth()).contains("dead-letter-store DOWN: the dead-letter store " + blocked
                    + " cannot be written (").contains("1 report(s) kept in memory");
            assertThat(log.all()).doesNotContainIgnoringCase("lost");

            server().reply(Reply.status(202));
            assertThat(replayDeadLetters()).isEqualTo(1);
            assertThat(server().received()).hasSize(2);
            assertThat(server().received().get(1).header("Idempotency-Key"))
                    .isEqualTo(server().received().get(0).header("Idempotency-Key"));
            assertThat(server().received().get(1).rawBody()).isEqualTo(server().received().get(0).rawBody());

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                server().reply(Reply.status(503));
                runReportCycle();
                ids.add(server().received().get(server().received().size() - 1).header("Idempotency-Key"));
            }

            assertThat(management().getLostReports()).isEqualTo(1);
            List<String> lostLines = log.all().lines().filter(line -> line.contains("lost")).toList();
            assertThat(lostLines).singleElement().satisfies(line -> assertThat(line)
                    .contains("Report " + ids.get(0) + " lost"));
            assertThat(log.all()).contains("Report " + ids.get(2) + " not delivered after 1 attempt(s) (HTTP 503);"
                    + " kept in memory");
            assertThat(management().getHealth()).contains("2 report(s) kept in memory");

            Files.delete(blocked);
            assertThat(replayDeadLetters()).isEqualTo(2);
            assertThat(server().received()).extracting(r -> r.header("Idempotency-Key")).endsWith(ids.get(1), ids.get(2));
            assertThat(management().getHealth()).startsWith("readiness UP").contains("dead-letter-store");
        }
    }
}
