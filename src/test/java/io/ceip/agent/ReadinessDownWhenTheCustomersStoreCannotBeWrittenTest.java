package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the customer destination's own store cannot be written (a file where its directory was: a full disk, a
 * broken mount), its copies are kept in memory only, and lost at the next stop; readiness, JMX {@code Health} and
 * {@code /observe/health} said UP: only the vendor's store was looked at. They now say DOWN, naming the customer
 * destination's store.
 */
class ReadinessDownWhenTheCustomersStoreCannotBeWrittenTest extends AgentTestSupport {

    private static final TestCertificates CUSTOMER_CERTIFICATES = TestCertificates.localhost();

    private TestHttpsServer customer;
    private Path customerDirectory;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        customer = TestHttpsServer.start(CUSTOMER_CERTIFICATES, 0);
        customerDirectory = newTempDirectory().resolve("customer");
        return with("ceip.customer-endpoint.enabled", "true", "ceip.customer-endpoint.url", customer.url(),
                "ceip.customer-endpoint.trust-store",
                CUSTOMER_CERTIFICATES.writePem(newTempDirectory().resolve("customer.pem")).toString(),
                "ceip.customer-endpoint.directory", customerDirectory.toString(),
                "ceip.retry.max-redeliveries", "0");
    }

    @AfterEach
    void stopCustomer() {
        customer.close();
    }

    @Test
    void healthNamesTheCustomersStore() throws Exception {
        ObjectName agent = new ObjectName(AgentManagement.OBJECT_NAME);
        assertThat((String) ManagementFactory.getPlatformMBeanServer().getAttribute(agent, "Health"))
                .startsWith("readiness UP");
        Path store = customerDirectory.resolve("dead-letter");
        if (Files.exists(store)) {
            try (Stream<Path> tree = Files.walk(store)) {
                for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(each);
                }
            }
        }
        Files.createDirectories(customerDirectory);
        Files.writeString(store, "stands for a full disk");
        customer.reply(Reply.status(503));

        runReportCycle();

        assertThat((String) ManagementFactory.getPlatformMBeanServer().getAttribute(agent, "Health"))
                .startsWith("readiness DOWN")
                .contains("the store of the customer destination: the dead-letter store ");
        assertThat(server().received()).as("the vendor's report went").hasSize(1);
    }
}
