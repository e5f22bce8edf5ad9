package io.ceip.agent;

import io.ceip.agent.config.Settings;
import io.ceip.agent.ops.StatusReport;
import io.ceip.agent.support.AgentTestSupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status} beside a {@code ledger.log} that is a symbolic link (an administrator's, to keep the ledger under
 * {@code /var/log}; the agent's next start moves it aside): one line says the ledger cannot be read and why, the rest
 * of the status is shown, the link stays where it is and its target is not read.
 */
class StatusBesideALinkedLedgerTest extends AgentTestSupport {

    @Test
    void statusSaysTheLedgerCannotBeReadAndShowsTheRest() throws Exception {
        Path ledger = dataDirectory().resolve("ledger.log");
        Path target = Files.writeString(dataDirectory().resolve("elsewhere.log"), "2026-12-05T09:00:00.000Z "
                + "5f0c4b1e-0000-4000-8000-000000000001 sha256=ab bytes=1 outcome=HTTP_202 attempt=1\n");
        Files.deleteIfExists(ledger);
        Files.createSymbolicLink(ledger, target);

        String status = new StatusReport(new Settings(key -> context.getPropertiesComponent().resolveProperty(key)),
                Optional.empty(), Path.of("config/application.properties"), Clock.systemUTC()).render();

        assertThat(status).contains("ledger", "symbolic link, not a regular file", "dead letters")
                .doesNotContain("5f0c4b1e");
        assertThat(Files.readSymbolicLink(ledger)).isEqualTo(target);
    }
}
