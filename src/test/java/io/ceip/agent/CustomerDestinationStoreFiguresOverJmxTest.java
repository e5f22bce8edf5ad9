package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The customer destination's JMX bean gives its own store's figures as the agent's bean gives the vendor's
 * ({@code DeadLetterBytes}, {@code DeadLetterEvicted}, {@code DeadLetterQuarantined}, {@code LostReports}) and the
 * bytes of its copies delivered ({@code BytesSent}), read through the agent's remote JMX connector (RMI on loopback).
 * Its bean had none of them: an administrator saw the customer's copies evicted, set aside or lost nowhere but in the
 * log and the metrics, which are off by default.
 */
class CustomerDestinationStoreFiguresOverJmxTest extends AgentTestSupport {

    private static final ObjectName CUSTOMER = name("org.apache.camel:context=ceip-agent,type=ceip,"
            + "name=destination-customer");
    private static final ObjectName VENDOR = name(AgentManagement.OBJECT_NAME);

    private Path customerDirectory;
    private int jmxPort;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        jmxPort = FreePort.next();
        customerDirectory = newTempDirectory().resolve("customer");
        try { // a file the customer's store did not write, set aside at start
            Path store = Files.createDirectories(customerDirectory.resolve("dead-letter"));
            for (Path directory : new Path[] { customerDirectory, store }) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
            Files.writeString(store.resolve("notes.txt"), "not the store's");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties properties = remoteJmx(jmxPort, "operator s3cret-pass\n", "operator readwrite\n");
        properties.putAll(toTheCustomer("ceip.customer-endpoint.directory", customerDirectory.toString(),
                "ceip.retry.max-redeliveries", "0", "ceip.dead-letter.max-entries", "1",
                "ceip.dead-letter.memory-entries", "1"));
        return properties;
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static long attribute(MBeanServerConnection jmx, ObjectName bean, String attribute) throws Exception {
        return (Long) jmx.getAttribute(bean, attribute);
    }

    /** Runs a report cycle and waits until its customer's copy has ended without delivery (the n-th to). */
    private void cycleWithItsCopyFailed(MBeanServerConnection jmx, long n) {
        runReportCycle();
        await().atMost(Duration.ofSeconds(20)).until(() -> attribute(jmx, CUSTOMER, "ReportsFailed") == n);
    }

    @Test
    void theCustomersStoreFiguresAreItsOwn() throws Exception {
        customerEndpoint().reply(Reply.status(503), Reply.status(503));

        try (JMXConnector connector = connectJmx(jmxPort, "operator", "s3cret-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            assertThat(attribute(jmx, CUSTOMER, "DeadLetterQuarantined")).as("notes.txt, at start").isEqualTo(1);

            cycleWithItsCopyFailed(jmx, 1);
            cycleWithItsCopyFailed(jmx, 2);

            long stored;
            try (var bodies = Files.list(customerDirectory.resolve("dead-letter"))) {
                stored = bodies.filter(file -> file.getFileName().toString().endsWith(".json.gz"))
                        .mapToLong(file -> file.toFile().length()).sum();
            }
            assertThat(attribute(jmx, CUSTOMER, "DeadLetterPending")).isEqualTo(1);
            assertThat(attribute(jmx, CUSTOMER, "DeadLetterBytes")).isPositive().isEqualTo(stored);
            assertThat(attribute(jmx, CUSTOMER, "DeadLetterEvicted")).as("ceip.dead-letter.max-entries=1")
                    .isEqualTo(1);
            assertThat(attribute(jmx, CUSTOMER, "LostReports")).isZero();
            assertThat(attribute(jmx, CUSTOMER, "BytesSent")).isZero();
            for (String vendors : new String[] { "DeadLetterBytes", "DeadLetterEvicted", "DeadLetterQuarantined" }) {
                assertThat(attribute(jmx, VENDOR, vendors)).as("the vendor's store: " + vendors).isZero();
            }

            customerEndpoint().reply(Reply.status(202));
            assertThat(jmx.invoke(CUSTOMER, "replayDeadLetters", null, null)).isEqualTo("1 delivered, 0 still pending");

            assertThat(attribute(jmx, CUSTOMER, "DeadLetterBytes")).isZero();
            assertThat(attribute(jmx, CUSTOMER, "BytesSent")).isEqualTo(customerEndpoint().received().get(2).rawBody().length);
            assertThat(attribute(jmx, VENDOR, "BytesSent")).as("the vendor's two reports")
                    .isEqualTo(server().received().get(0).rawBody().length + server().received().get(1).rawBody()
                            .length);
        }
    }

    /**
     * The customer's store cannot be written (a disk-full stand-in: a regular file where its directory was) and
     * holds one copy in memory at most: the copy past that bound is lost, counted on the customer's bean only.
     */
    @Test
    void aCopyLostPastTheMemoryBoundIsCountedOnTheCustomersBean() throws Exception {
        customerEndpoint().reply(Reply.status(503), Reply.status(503));
        Path store = customerDirectory.resolve("dead-letter");
        Files.move(store, customerDirectory.resolve("moved-away"));
        Files.writeString(store, "stands for a full disk");

        try (JMXConnector connector = connectJmx(jmxPort, "operator", "s3cret-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            cycleWithItsCopyFailed(jmx, 1);
            cycleWithItsCopyFailed(jmx, 2);

            assertThat(attribute(jmx, CUSTOMER, "LostReports")).isEqualTo(1);
            assertThat(attribute(jmx, CUSTOMER, "DeadLetterPending")).as("the other, kept in memory").isEqualTo(1);
            assertThat(attribute(jmx, VENDOR, "LostReports")).as("the vendor's reports were delivered").isZero();
        }
    }
}
