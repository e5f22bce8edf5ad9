package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter store cannot be written (here its path is a file, as a full or read-only disk would refuse the
 * write): the error is clear, the report is still sent, nothing half-written is left, and once the store can be
 * written again, undelivered reports are kept as usual.
 */
class DeadLetterStoreUnwritableTest extends AgentTestSupport {

    private Path blocked;

    @Override
    protected Properties overrides() {
        // a file where the store's directory should be stops a start: it appears once the agent runs
        blocked = newTempDirectory().resolve("dead-letter");
        Properties properties = new Properties();
        properties.setProperty("ceip.dead-letter.directory", blocked.toString());
        properties.setProperty("ceip.retry.max-redeliveries", "0");
        return properties;
    }

    @Test
    void anUnwritableStoreIsReportedTheAgentGoesOnAndRecoversWhenItCanWriteAgain() throws Exception {
        Files.writeString(blocked, "not a directory");
        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();

            assertThat(server().received()).as("still sent").hasSize(1);
            assertThat(log.all()).contains("The dead-letter store " + blocked + " cannot be written");
            try (var files = Files.list(blocked.getParent())) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly("dead-letter");
            }

            Files.delete(blocked);
            server().reply(Reply.status(503));
            runReportCycle();

            try (var files = Files.list(blocked)) {
                assertThat(files.filter(f -> f.toString().endsWith(".meta.json"))).hasSize(1);
            }
        }
    }
}
