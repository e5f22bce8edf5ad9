package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's and the installation's IDs are the agent's own random UUIDs: no redaction rule changes them, not even
 * an administrator's detector for UUIDs. Redacted, every report of the installation carried the same
 * {@code reportId} (the collector would take each new one for a duplicate), and a stored report no longer matched
 * its entry, so it was never replayed.
 */
class ReportIdsNeverRedactedTest extends AgentTestSupport {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Override
    protected Properties overrides() {
        try {
            Path rules = Files.createTempFile("rules-redacting-uuids", ".yaml");
            Files.writeString(rules, "detectors:\n  uuid: '" + UUID + "'\n");
            rules.toFile().deleteOnExit();
            return with("ceip.redaction.rules-file", rules.toString(), "ceip.retry.max-redeliveries", "0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theIdsLeaveAsMadeAndAStoredReportIsReplayed() throws Exception {
        server().reply(Reply.status(503));
        runReportCycle();
        server().reply(Reply.status(202));

        assertThat(replayDeadLetters()).as("the stored report is its entry's own").isEqualTo(1);

        assertThat(server().received()).hasSize(2).allSatisfy(request -> {
            String json = request.json();
            assertThat(parse(json).path("reportId").asText()).isEqualTo(request.header("Idempotency-Key"))
                    .matches(UUID);
            assertThat(parse(json).path("installationId").asText()).matches(UUID);
        });
    }
}
