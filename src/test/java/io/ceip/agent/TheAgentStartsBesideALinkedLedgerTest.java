package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.StoredBodies;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code ledger.log} that is a symbolic link (as an administrator makes to keep the ledger under /var/log) stopped
 * the start, so the pending reports were never replayed (review s20 M2): now the link is moved aside, itself (its
 * target untouched), a new ledger is written, and the pending report is delivered. The customer destination's ledger
 * (here a directory) likewise.
 */
class TheAgentStartsBesideALinkedLedgerTest extends AgentTestSupport {

    private static final TestCertificates CUSTOMER_CERTIFICATES = TestCertificates.localhost();
    private static Path target;
    private TestHttpsServer customer;

    private TestHttpsServer customer() {
        if (customer == null) {
            customer = TestHttpsServer.start(CUSTOMER_CERTIFICATES, 0);
        }
        return customer;
    }

    @AfterEach
    void stopCustomer() {
        if (customer != null) {
            customer.close();
        }
    }

    @Override
    protected Properties overrides() {
        String pending = UUID.randomUUID().toString(); // overrides() runs from the constructor: no field yet
        try {
            Files.createDirectories(dataDirectory());
            target = newTempDirectory().resolve("ledger.log"); // outside the data directory
            Files.writeString(target, "");
            Files.createSymbolicLink(dataDirectory().resolve("ledger.log"), target);
            new DeadLetterStore(dataDirectory().resolve("dead-letter"), () -> JSON, java.time.Clock.systemUTC())
                    .savePending(pending, StoredBodies.of(pending));
            Files.createDirectories(dataDirectory().resolve("destinations/customer/ledger.log/inside"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return with("ceip.customer-endpoint.enabled", "true", "ceip.customer-endpoint.url", customer().url(),
                "ceip.customer-endpoint.trust-store",
                CUSTOMER_CERTIFICATES.writePem(newTempDirectory().resolve("customer.pem")).toString());
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

    @Test
    void theCustomersLedgerThatIsADirectoryIsMovedAsideAndANewOneWritten() throws Exception {
        Path directory = dataDirectory().resolve("destinations/customer");
        try (var names = Files.list(directory)) {
            assertThat(names.filter(p -> p.getFileName().toString().startsWith("ledger.log.refused-")).toList())
                    .singleElement().satisfies(aside -> assertThat(aside.resolve("inside")).isDirectory());
        }

        runReportCycle();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(customer().received()).hasSize(1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(DeliveryLedger.read(directory
                .resolve("ledger.log"))).extracting(DeliveryLedger.Entry::destination).containsExactly("customer"));
    }
}
