package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.delivery.Outcome;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;
import io.ceip.agent.support.TestHttpsServer.Received;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The customer's own destination beside the vendor's, each a real HTTPS server with a certificate of its own (the
 * agent trusts each through its own settings: the customer's by its trust store and pin): one answering 503, hanging,
 * or refusing (401) never delays or loses the other's report, in both orders; each store is replayed on its own; each
 * gets its own token; the customer's copy never carries more than its consent ceiling; each ledger names its
 * destination; the customer's is shown in metrics (a destination label), JMX, the preview and status, never its URL
 * in a label nor its token.
 */
class CustomerDestinationIndependentTest extends AgentTestSupport {

    private static final TestCertificates CUSTOMER_CERTIFICATES = TestCertificates.localhost();
    private static final String CUSTOMER_TOKEN = "customer-token-4f1e2d3c";

    private TestHttpsServer customer;
    // made in overrides(): CamelTestSupport asks for the properties from its constructor, before field initialisers
    private io.ceip.agent.support.ManagementServer management;
    private final CountDownLatch release = new CountDownLatch(1);

    private TestHttpsServer customer() {
        if (customer == null) {
            customer = TestHttpsServer.start(CUSTOMER_CERTIFICATES, 0);
        }
        return customer;
    }

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        management = new io.ceip.agent.support.ManagementServer(io.ceip.agent.support.FreePort.next());
        Properties properties = management.settings(true);
        properties.putAll(with("ceip.consent.default", "full",
                "ceip.customer-endpoint.enabled", "true",
                "ceip.customer-endpoint.url", customer().url(),
                "ceip.customer-endpoint.trust-store",
                CUSTOMER_CERTIFICATES.writePem(newTempDirectory().resolve("customer.pem")).toString(),
                "ceip.customer-endpoint.pins", CUSTOMER_CERTIFICATES.pin(),
                "ceip.customer-endpoint.token", CUSTOMER_TOKEN,
                "ceip.customer-endpoint.consent-ceiling", "basic",
                "ceip.retry.max-redeliveries", "2"));
        return properties;
    }

    @AfterEach
    void stopCustomer() {
        release.countDown();
        if (customer != null) {
            customer.close();
        }
    }

    private Path customerDirectory() {
        return dataDirectory().resolve("destinations/customer");
    }

    private DeadLetterStore customerStore() {
        return new DeadLetterStore(customerDirectory().resolve("dead-letter"), () -> JSON, Clock.systemUTC());
    }

    private List<DeliveryLedger.Entry> ledger(Path file) {
        return DeliveryLedger.read(file);
    }

    /** An attribute of the customer destination's JMX bean. */
    private Object customerAttribute(String attribute) throws Exception {
        return context.getManagementStrategy().getManagementAgent().getMBeanServer().getAttribute(new javax.management
                .ObjectName("org.apache.camel:context=ceip-agent,type=ceip,name=destination-customer"), attribute);
    }

    private void replayCustomerCopies() {
        template.send("direct:ceip-replay-due", exchange -> exchange.setProperty("ceipDestination", "customer"));
    }

    @Test
    void theCustomerAnswering503NeverDelaysTheVendorAndItsCopyIsReplayedOnItsOwn() {
        customer().reply(Reply.status(503), Reply.status(503), Reply.status(503));

        Exchange cycle = runReportCycle();

        assertThat(cycle.getProperty(Outcome.PROPERTY, String.class)).isEqualTo("delivered");
        assertThat(server().received()).singleElement();
        assertThat(deadLetters().entries()).isEmpty();
        String reportId = parse(server().received().get(0).json()).get("reportId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> ledger(customerDirectory().resolve("ledger.log")).size() == 3);
        // the third attempt's ledger line comes before the copy's delivery ends: its claim is let go after it, then
        // the failure is counted; a replay before that skips the copy as claimed (a loaded machine: 503, 503, 503)
        await().atMost(Duration.ofSeconds(20)).until(() -> customerAttribute("ReportsFailed").equals(1L));
        assertThat(customerStore().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.reportId()).isEqualTo(reportId);
            assertThat(entry.state()).isEqualTo(DeadLetter.PENDING);
        });

        replayCustomerCopies();

        assertThat(customer().received()).extracting(Received::status).containsExactly(503, 503, 503, 202);
        assertThat(customerStore().entries()).isEmpty();
        assertThat(server().received()).as("the vendor is not sent the report again").hasSize(1);
        assertThat(ledger(customerDirectory().resolve("ledger.log")))
                .extracting(DeliveryLedger.Entry::outcome, DeliveryLedger.Entry::destination)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("HTTP_503", "customer"),
                        org.assertj.core.groups.Tuple.tuple("HTTP_503", "customer"),
                        org.assertj.core.groups.Tuple.tuple("HTTP_503", "customer"),
                        org.assertj.core.groups.Tuple.tuple("HTTP_202", "customer"));
        assertThat(ledger(dataDirectory().resolve("ledger.log")))
                .extracting(DeliveryLedger.Entry::outcome, DeliveryLedger.Entry::destination)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("HTTP_202", "vendor"));
    }

    @Test
    void theVendorAnswering503NeverDelaysTheCustomerAndItsReportIsReplayedOnItsOwn() {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503));

        Exchange cycle = runReportCycle();

        assertThat(cycle.getProperty(Outcome.PROPERTY, String.class)).isEqualTo("retry");
        await().atMost(Duration.ofSeconds(20)).until(() -> customer().received().size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> customerStore().entries().isEmpty());
        assertThat(deadLetters().entries()).singleElement()
                .satisfies(entry -> assertThat(entry.state()).isEqualTo(DeadLetter.PENDING));

        assertThat(replayDeadLetters()).isEqualTo(1);

        assertThat(deadLetters().entries()).isEmpty();
        assertThat(server().received()).extracting(Received::status).containsExactly(503, 503, 503, 202);
        assertThat(customer().received()).as("the customer is not sent its copy again").hasSize(1);
        assertThat(parse(customer().received().get(0).json()).get("reportId").asText())
                .isEqualTo(parse(server().received().get(3).json()).get("reportId").asText());
    }

    @Test
    void theCustomerHangingNeverDelaysTheVendor() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        customer().onRequest(() -> {
            arrived.countDown();
            awaitRelease();
        });

        Exchange cycle = runReportCycle();

        assertThat(cycle.getProperty(Outcome.PROPERTY, String.class)).isEqualTo("delivered");
        assertThat(arrived.await(20, TimeUnit.SECONDS)).as("the customer's request is still hanging").isTrue();
        assertThat(server().received()).singleElement();
        assertThat(customerStore().entries()).as("the copy is kept while its endpoint hangs").hasSize(1);
        release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> customerStore().entries().isEmpty());
    }

    @Test
    void theVendorHangingNeverDelaysTheCustomer() throws Exception {
        server().onRequest(this::awaitRelease);

        CompletableFuture<Exchange> cycle = CompletableFuture.supplyAsync(this::runReportCycle);

        await().atMost(Duration.ofSeconds(20)).until(() -> customer().received().size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> customerStore().entries().isEmpty());
        assertThat(cycle).as("the vendor's delivery is still waiting for its answer").isNotDone();
        assertThat(deadLetters().entries()).hasSize(1);
        release.countDown();
        assertThat(cycle.get(20, TimeUnit.SECONDS).getProperty(Outcome.PROPERTY, String.class)).isEqualTo("delivered");
        assertThat(deadLetters().entries()).isEmpty();
    }

    @Test
    void theCustomerRefusingKeepsItsCopyAsRejectedWhileTheVendorDelivers() {
        customer().reply(Reply.status(401, "unknown token"));

        runReportCycle();

        await().atMost(Duration.ofSeconds(20)).until(() -> !customerStore().entries().isEmpty()
                && DeadLetter.REJECTED.equals(customerStore().entries().get(0).state()));
        assertThat(customerStore().entries()).singleElement()
                .satisfies(entry -> assertThat(entry.lastStatus()).isEqualTo("HTTP 401"));
        assertThat(server().received()).extracting(Received::status).containsExactly(202);
        assertThat(deadLetters().entries()).isEmpty();
        replayCustomerCopies();
        assertThat(customer().received()).as("a rejected copy is not replayed").hasSize(1);
    }

    @Test
    void theVendorRefusingKeepsItsReportAsRejectedWhileTheCustomerDelivers() {
        server().reply(Reply.status(401));

        runReportCycle();

        await().atMost(Duration.ofSeconds(20)).until(() -> customer().received().size() == 1
                && customerStore().entries().isEmpty());
        assertThat(deadLetters().entries()).singleElement()
                .satisfies(entry -> assertThat(entry.state()).isEqualTo(DeadLetter.REJECTED));
        assertThat(customer().received()).extracting(Received::status).containsExactly(202);
    }

    @Test
    void eachDestinationGetsItsOwnTokenAndTheCustomerCopyStopsAtItsCeiling() {
        runReportCycle();

        await().atMost(Duration.ofSeconds(20)).until(() -> customer().received().size() == 1);
        Received vendorRequest = server().received().get(0);
        Received customerRequest = customer().received().get(0);
        assertThat(vendorRequest.header("Authorization")).isEqualTo("Bearer ceip-demo-token-0123456789");
        assertThat(customerRequest.header("Authorization")).isEqualTo("Bearer " + CUSTOMER_TOKEN);
        JsonNode vendorReport = parse(vendorRequest.json());
        JsonNode customerReport = parse(customerRequest.json());
        assertThat(vendorReport.get("consentLevel").asText()).isEqualTo("full");
        assertThat(vendorReport.has("features")).isTrue();
        assertThat(customerReport.get("consentLevel").asText()).as("full consent, ceiling basic").isEqualTo("basic");
        assertThat(customerReport.has("features")).as("a full-only member").isFalse();
        assertThat(customerReport.get("reportId")).isEqualTo(vendorReport.get("reportId"));
        assertThat(customerRequest.header("Idempotency-Key")).isEqualTo(vendorRequest.header("Idempotency-Key"));
    }

    @Test
    void theCustomerDestinationIsShownInMetricsJmxPreviewAndStatusWithoutItsUrlOrToken() throws Exception {
        customer().reply(Reply.status(401));
        runReportCycle();
        await().atMost(Duration.ofSeconds(20)).until(() -> !customerStore().entries().isEmpty()
                && DeadLetter.REJECTED.equals(customerStore().entries().get(0).state()));

        String scrape = management.scrape();
        assertThat(io.ceip.agent.support.ManagementServer.value(scrape,
                "ceip_reports_delivered_total{destination=\"vendor\"}")).isEqualTo(1);
        assertThat(io.ceip.agent.support.ManagementServer.value(scrape,
                "ceip_reports_rejected_total{destination=\"customer\"}")).isEqualTo(1);
        assertThat(io.ceip.agent.support.ManagementServer.value(scrape,
                "ceip_dead_letter_entries{destination=\"customer\",state=\"rejected\"}")).isEqualTo(1);
        assertThat(scrape).doesNotContain(customer().url(), ":" + customer().port(), CUSTOMER_TOKEN);

        javax.management.MBeanServer jmx = context.getManagementStrategy().getManagementAgent().getMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName(
                "org.apache.camel:context=ceip-agent,type=ceip,name=destination-customer");
        assertThat(jmx.getAttribute(name, "ConsentCeiling")).isEqualTo("basic");
        assertThat(jmx.getAttribute(name, "ReportsRejected")).isEqualTo(1L);
        assertThat(jmx.getAttribute(name, "DeadLetterRejected")).isEqualTo(1L);
        assertThat(jmx.getAttribute(name, "LastStatus")).isEqualTo("HTTP 401");
        assertThat((String) jmx.invoke(name, "preview", null, null)).contains("\"consentLevel\" : \"basic\"")
                .doesNotContain("\"features\"");

        io.ceip.agent.ops.DestinationPreview preview = context.getRegistry()
                .lookupByNameAndType("destinationPreview", io.ceip.agent.ops.DestinationPreview.class);
        assertThat(preview.preview("vendor", null, null)).contains("\"consentLevel\" : \"full\"", "\"features\"");
        assertThat(preview.notes()).singleElement().asString().contains("customer's own endpoint",
                "at consent basic (the lower of consent full and its ceiling basic)");
        assertThat(preview.preview("customer\r\nforged", null, null)).startsWith("No destination 'customer??forged'");

        String status = new io.ceip.agent.ops.StatusReport(AgentSettings.check(context.getPropertiesComponent(),
                io.ceip.agent.config.SettingCatalog.embedded()).settings(), java.util.Optional.empty(),
                Path.of("agent.properties"), Clock.systemUTC()).render();
        assertThat(status).contains("customer:        " + customer().url() + " (consent ceiling basic)",
                "HTTP 401 (attempt", "0 pending, 1 rejected").doesNotContain(CUSTOMER_TOKEN).doesNotContain("HTTP_");
    }

    /**
     * The customer destination's JMX bean requeues (or discards) the copies its endpoint refused, each in its own
     * ledger, once the cause is fixed; the next replay of that destination delivers them (review s17 L2).
     */
    @Test
    void theCustomersRefusedCopiesAreRequeuedOverJmxAndDelivered() throws Exception {
        customer().reply(Reply.status(401));
        runReportCycle();
        await().atMost(Duration.ofSeconds(20)).until(() -> !customerStore().entries().isEmpty()
                && DeadLetter.REJECTED.equals(customerStore().entries().get(0).state()));
        javax.management.MBeanServer jmx = context.getManagementStrategy().getManagementAgent().getMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName(
                "org.apache.camel:context=ceip-agent,type=ceip,name=destination-customer");

        assertThat(jmx.invoke(name, "requeueRejected", null, null)).isEqualTo("1 rejected report(s) requeued");

        assertThat(ledger(customerDirectory().resolve("ledger.log"))).extracting(DeliveryLedger.Entry::outcome)
                .endsWith("REQUEUED");
        customer().reply(Reply.status(202));
        assertThat(jmx.invoke(name, "replayDeadLetters", null, null)).isEqualTo("1 delivered, 0 still pending");
        assertThat(jmx.invoke(name, "discardRejected", null, null)).isEqualTo("0 rejected report(s) deleted unsent");
    }

    /** The customer destination's JMX bean purges its own store, each copy in its own ledger; the vendor's stays. */
    @Test
    void theCustomersCopiesArePurgedOverJmxAndTheVendorsKept() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503));
        customer().reply(Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        // its delivery ended (its claim let go), as in the test of the customer's 503 above
        await().atMost(Duration.ofSeconds(20)).until(() -> customerAttribute("ReportsFailed").equals(1L));
        assertThat(deadLetters().entries()).hasSize(1);
        String copy = customerStore().entries().get(0).reportId();
        javax.management.MBeanServer jmx = context.getManagementStrategy().getManagementAgent().getMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName(
                "org.apache.camel:context=ceip-agent,type=ceip,name=destination-customer");

        assertThat(jmx.invoke(name, "purgeDeadLetters", null, null))
                .isEqualTo("1 report(s) deleted from the dead-letter store");

        assertThat(customerStore().entries()).isEmpty();
        assertThat(ledger(customerDirectory().resolve("ledger.log"))).last()
                .extracting(DeliveryLedger.Entry::reportId, DeliveryLedger.Entry::outcome)
                .containsExactly(copy, "PURGED");
        assertThat(deadLetters().entries()).as("the vendor's store is its own").hasSize(1);
    }

    /** A JMX export is never written into the customer's dead-letter store either (review s17 L2), only the vendor's. */
    @Test
    void noExportIsWrittenIntoTheCustomersStore() {
        String answer = management().exportReport("destinations/customer/dead-letter/"
                + java.util.UUID.randomUUID() + ".json.gz");

        assertThat(answer).startsWith("Not exported: ").contains("is inside a dead-letter store");
        assertThat(customerStore().entries()).isEmpty();
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
