package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.StoredBodies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code ledger.log} that is a symbolic link (as an administrator makes to keep the ledger under /var/log) stopped
 * the start, so the pending reports were never replayed (review s20 M2): now the link is moved aside, itself (its
 * target untouched), a new ledger is written, and the pending report is delivered.
 */
class TheAgentStartsBesideALinkedLedgerTest extends AgentTestSupport {

    private static Path target;

    @Override
    protected Properties overrides() {
        String pending = UUID.randomUUID().toString(); // overrides() runs from the constructor: no field yet
        try {
            Files.createDirectories(dataDirectory());
            target = Files.createTempDirectory("ceip-linked-log").resolve("ledger.log");
            Files.writeString(target, "");
            Files.createSymbolicLink(dataDirectory().resolve("ledger.log"), target);
            new DeadLetterStore(dataDirectory().resolve("dead-letter"), () -> JSON, java.time.Clock.systemUTC())
                    .savePending(pending, StoredBodies.of(pending));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Properties();
    }

    @Test
    void theAgentStartsReplaysItsPendingReportAndWritesANewLedger() throws Exception {
        assertThat(replayDeadLetters()).isEqualTo(1);
        assertThat(deadLetters().entries()).isEmpty();

        Path ledger = dataDirectory().resolve("ledger.log");
        assertThat(Files.isRegularFile(ledger, LinkOption.NOFOLLOW_LINKS)).as("a new, regular ledger").isTrue();
        assertThat(DeliveryLedger.read(ledger)).singleElement().extracting(DeliveryLedger.Entry::outcome)
                .isEqualTo("HTTP_202");
        try (var names = Files.list(dataDirectory())) {
            assertThat(names.filter(p -> p.getFileName().toString().startsWith("ledger.log.refused-")).toList())
                    .singleElement().satisfies(aside -> assertThat(Files.readSymbolicLink(aside)).isEqualTo(target));
        }
        assertThat(target).as("the link's target, never written").isEmptyFile();
    }
}
