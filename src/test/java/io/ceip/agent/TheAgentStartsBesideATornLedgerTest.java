package io.ceip.agent;

import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code ledger.log} ending in a torn line (a write cut by a full disk right after {@code attempt=}) stopped the
 * start (review s17 H2): now the agent starts, delivers, and its line stands on a line of its own.
 */
class TheAgentStartsBesideATornLedgerTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        try {
            Files.createDirectories(dataDirectory());
            Files.writeString(dataDirectory().resolve("ledger.log"), "2026-12-05T10:00:00.000Z " + UUID.randomUUID()
                    + " sha256=ab bytes=10 outcome=HTTP_503 attempt=");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Properties();
    }

    @Test
    void theAgentStartsAndDeliversAndItsLedgerLineCounts() {
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(DeliveryLedger.read(dataDirectory().resolve("ledger.log"))).singleElement()
                .extracting(DeliveryLedger.Entry::outcome).isEqualTo("HTTP_202");
    }
}
