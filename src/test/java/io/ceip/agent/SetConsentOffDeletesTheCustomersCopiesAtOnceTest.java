package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JMX {@code setConsent("off")} deletes the kept reports unsent at once, and counts them in its answer: the customer
 * destination's copies too. Its replay took the vendor's store only, so the copies waited for the customer's replay
 * timer (never, with {@code ceip.dead-letter.replay-enabled=false}), and the answer did not count them.
 */
class SetConsentOffDeletesTheCustomersCopiesAtOnceTest extends AgentTestSupport {

    private static final TestCertificates CUSTOMER_CERTIFICATES = TestCertificates.localhost();

    private TestHttpsServer customer;

    private TestHttpsServer customer() {
        if (customer == null) {
            customer = TestHttpsServer.start(CUSTOMER_CERTIFICATES, 0);
        }
        return customer;
    }

    @Override
    protected Properties overrides() {
        return with("ceip.customer-endpoint.enabled", "true",
                "ceip.customer-endpoint.url", customer().url(),
                "ceip.customer-endpoint.trust-store",
                CUSTOMER_CERTIFICATES.writePem(newTempDirectory().resolve("customer.pem")).toString(),
                "ceip.retry.max-redeliveries", "0");
    }

    @AfterEach
    void stopCustomer() {
        customer.close();
    }

    private DeadLetterStore customerStore() {
        return new DeadLetterStore(dataDirectory().resolve("destinations/customer/dead-letter"), () -> JSON,
                Clock.systemUTC());
    }

    @Test
    void theCustomersKeptCopiesAreDeletedUnsentAtOnceAndCounted() {
        server().reply(Reply.status(503));
        customer().reply(Reply.status(503));
        runReportCycle();
        await().atMost(Duration.ofSeconds(60)).until(() -> customer().received().size() == 1
                && customerStore().pending().size() == 1);

        String answer = management().setConsent("off");

        assertThat(answer).endsWith("; 2 kept reports deleted unsent");
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(customerStore().entries()).as("the customer's copy").isEmpty();
        assertThat(customer().received()).as("nothing sent to the customer at off").hasSize(1);
    }
}
