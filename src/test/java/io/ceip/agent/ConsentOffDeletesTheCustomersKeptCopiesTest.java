package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
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
 * Consent off deletes the kept reports unsent, the customer destination's copies too, whichever way it is set. Both
 * ways replayed the vendor's store only. {@code send} at off (the timer's {@code send}, with no agent running, is the
 * only process that ever looks at them) left the copies on disk for as long as consent stayed off: the customer's
 * replay timer does not run in {@code send}, and a copy's replay starts only after a customer's 2xx, which at off never
 * comes. JMX {@code setConsent("off")} left them for the customer's replay timer (never, with
 * {@code ceip.dead-letter.replay-enabled=false}), and its answer did not count them.
 */
class ConsentOffDeletesTheCustomersKeptCopiesTest extends AgentTestSupport {

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
    void sendAtOffDeletesThemWithTheVendorsReports() throws Exception {
        server().reply(Reply.status(503));
        customer().reply(Reply.status(503));
        runReportCycle();
        await().atMost(Duration.ofSeconds(60)).until(() -> customer().received().size() == 1
                && customerStore().pending().size() == 1);
        assertThat(deadLetters().pending()).hasSize(1);

        context.getRegistry().lookupByNameAndType("consentPolicy", ConsentPolicy.class).set(ConsentLevel.OFF);
        CommandRun off = sendCommand();

        assertThat(off.exitCode()).isEqualTo(5);
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(customerStore().entries()).as("the customer's copy, kept at off").isEmpty();
        assertThat(off.out().strip()).isEqualTo("Nothing sent: consent is off (from runtime-setting); 1 kept report"
                + " deleted unsent (consent withdrawn); the customer's copies: 1 kept report deleted unsent (consent"
                + " withdrawn)");
        assertThat(customer().received()).as("nothing sent to the customer at off").hasSize(1);
        assertThat(server().received()).hasSize(1);
    }

    @Test
    void jmxSetConsentOffDeletesThemAtOnceAndCountsThem() {
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
