package io.ceip.agent;

import io.ceip.agent.events.EventSpoolPoll;
import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lowering and a raise made at the same moment over real remote JMX connections ({@code setConsent("basic")} and
 * {@code setConsent("full")} on two connections, released together by a latch): when both have returned, the level the
 * product reads ({@code consent-level}) is the level in force, whichever came last. Before, a raise was told to the
 * product only at the spool's next poll (here an hour away): when the raise came last, the product was told
 * {@code basic} while {@code full} was in force. The raise is told only after the spool was emptied of what the product
 * wrote while it was told basic.
 */
class ConsentRaisedOverJmxIsToldAtOnceTest extends AgentTestSupport {

    private int jmxPort;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        jmxPort = FreePort.next();
        Properties properties = remoteJmx(jmxPort, "operator s3cret-pass\n", "operator readwrite\n");
        properties.setProperty("ceip.consent.default", "full");
        properties.setProperty("ceip.events.poll-interval", "3600000"); // the route's next poll: an hour away
        return properties;
    }

    @Test
    void aLoweringAndARaiseAtOnceLeaveTheProductToldTheLevelInForce() throws Exception {
        awaitFirstPoll();
        Path level = dataDirectory().resolve("consent-level");
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (JMXConnector lowering = connectJmx(jmxPort, "operator", "s3cret-pass");
                JMXConnector raising = connectJmx(jmxPort, "operator", "s3cret-pass")) {
            int raisedLast = 0;
            for (int round = 0; round < 40 && raisedLast < 3; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> calls = new ArrayList<>();
                calls.add(callers.submit(() -> setConsent(lowering.getMBeanServerConnection(), "basic", go)));
                calls.add(callers.submit(() -> setConsent(raising.getMBeanServerConnection(), "full", go)));
                go.countDown();
                for (Future<String> call : calls) {
                    assertThat(call.get(20, TimeUnit.SECONDS)).startsWith("Consent set to");
                }
                String inForce = (String) raising.getMBeanServerConnection()
                        .getAttribute(new ObjectName(AgentManagement.OBJECT_NAME), "ConsentLevel");
                raisedLast += inForce.equals("full") ? 1 : 0;
                assertThat(level).as("round %d: the level the product reads", round).content()
                        .isEqualTo(inForce + "\n");
            }
            assertThat(raisedLast).as("rounds where the raise came last").isPositive();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aRaiseEmptiesTheSpoolOfWhatWasWrittenBelowFullThenTellsTheProduct() throws Exception {
        awaitFirstPoll();
        Path level = dataDirectory().resolve("consent-level");
        try (JMXConnector connector = connectJmx(jmxPort, "operator", "s3cret-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            setConsent(jmx, "basic", new CountDownLatch(0));
            assertThat(level).content().isEqualTo("basic\n");
            Path whileBasic = Files.writeString(dataDirectory().resolve("events/while-basic.jsonl"),
                    EventsSpoolRouteTest.SAMPLE + "\n");

            assertThat(setConsent(jmx, "full", new CountDownLatch(0))).contains("effective: full");

            assertThat(level).as("told when the operation returns").content().isEqualTo("full\n");
            assertThat(whileBasic).as("written while the product was told basic: deleted unread first")
                    .doesNotExist();
        }
    }

    private void awaitFirstPoll() throws InterruptedException {
        EventSpoolPoll polls = context.getRegistry().lookupByNameAndType("eventSpoolPoll", EventSpoolPoll.class);
        assertThat(polls.awaitCaughtUp(Duration.ofSeconds(20))).as("the route's first poll is over").isTrue();
    }

    private static String setConsent(MBeanServerConnection jmx, String level, CountDownLatch go) throws Exception {
        go.await();
        return (String) jmx.invoke(new ObjectName(AgentManagement.OBJECT_NAME), "setConsent", new Object[] {level},
                new String[] {String.class.getName()});
    }
}
