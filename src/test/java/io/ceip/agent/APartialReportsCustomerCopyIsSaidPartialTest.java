package io.ceip.agent;

import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The customer's copy of a partial report (the {@code host} table dropped) is read for its own {@code failures} before
 * each of its attempts as the vendor's report is: its lines in the customer's own ledger say partial, and the
 * customer destination's JMX bean says it ({@code LastAttemptPartial}); a whole copy's line is as it always was.
 */
class APartialReportsCustomerCopyIsSaidPartialTest extends AgentTestSupport {

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        return toTheCustomer("ceip.retry.max-redeliveries", "1");
    }

    @Test
    void theCustomersLedgerAndBeanSayItsCopyPartial() throws Exception {
        database().execute("DROP TABLE host");
        customerEndpoint().reply(Reply.status(503), Reply.status(503));

        String reportId = runReportCycle().getProperty("ceipReportId", String.class);

        Path ledger = dataDirectory().resolve("destinations/customer/ledger.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(ledger)
                && DeliveryLedger.read(ledger).size() == 2);
        assertThat(Files.readAllLines(ledger)).hasSize(2).allSatisfy(line -> assertThat(line)
                .contains(" " + reportId + " ", " outcome=HTTP_503 ")
                .endsWith(" partial=1:query:hosts/undefined-object destination=customer"));
        await().atMost(Duration.ofSeconds(20)).until(() -> customerAttribute("ReportsFailed").equals(1L));
        assertThat(customerAttribute("LastAttemptPartial"))
                .isEqualTo("(partial: 1 failure: query:hosts undefined-object; see the log)");

        database().execute("CREATE TABLE host (id INT)");
        String whole = runReportCycle().getProperty("ceipReportId", String.class);

        // the whole copy delivered, then its replay of the customer's store sends the kept partial copy
        await().atMost(Duration.ofSeconds(20)).until(() -> DeliveryLedger.read(ledger).stream()
                .filter(DeliveryLedger.Entry::success).count() == 2);
        assertThat(Files.readAllLines(ledger)).filteredOn(line -> line.contains(" " + whole + " ")).singleElement()
                .asString().endsWith(" outcome=HTTP_202 attempt=1 destination=customer");
        assertThat(Files.readAllLines(ledger)).filteredOn(line -> line.contains(" " + reportId + " ")
                && line.contains("HTTP_202")).singleElement().asString()
                .endsWith(" attempt=3 partial=1:query:hosts/undefined-object destination=customer");
    }

    private Object customerAttribute(String attribute) throws Exception {
        return context.getManagementStrategy().getManagementAgent().getMBeanServer().getAttribute(new ObjectName(
                "org.apache.camel:context=ceip-agent,type=ceip,name=destination-customer"), attribute);
    }
}
