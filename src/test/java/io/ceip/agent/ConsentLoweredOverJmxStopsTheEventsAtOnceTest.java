package io.ceip.agent;

import io.ceip.agent.events.EventSpool;
import io.ceip.agent.events.EventSpoolPoll;
import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent lowered below full over a real remote JMX connection ({@code setConsent("basic")}) takes effect for the
 * product events at once, not at the spool's next poll (here an hour away): the product is told at once
 * ({@code consent-level} says {@code basic} when the operation returns), the window and its file are dropped, and a
 * poll that decided full before the call and ends after it adds nothing of what it read (its file is still deleted,
 * unread as far as any report is concerned). Before, {@code consent-level} said {@code full} until the next poll, the
 * window stayed on disk, and the poll in progress flushed its events into it under basic.
 */
class ConsentLoweredOverJmxStopsTheEventsAtOnceTest extends AgentTestSupport {

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
    void theLevelTheWindowAndAPollInProgressFollowTheLoweringAtOnce() throws Exception {
        EventSpoolPoll polls = context.getRegistry().lookupByNameAndType("eventSpoolPoll", EventSpoolPoll.class);
        EventSpool spool = context.getRegistry().lookupByNameAndType("eventSpool", EventSpool.class);
        assertThat(polls.awaitCaughtUp(Duration.ofSeconds(20))).as("the route's first poll is over").isTrue();
        Path directory = dataDirectory().resolve("events");
        Path aggregate = dataDirectory().resolve(EventsConfiguration.AGGREGATE_FILE);
        Path level = dataDirectory().resolve("consent-level");

        // a poll at full, as the route's: its events are in the window and its file
        Path first = Files.writeString(directory.resolve("first.jsonl"), EventsSpoolRouteTest.SAMPLE + "\n");
        assertThat(polls.mayRead()).isTrue();
        assertThat(spool.consume(first.toString())).isEqualTo(7);
        assertThat(spool.endOfPoll()).isEqualTo(7);
        assertThat(aggregate).exists();

        // the next poll decides full and reads a file; consent is lowered before it ends
        Path second = Files.writeString(directory.resolve("second.jsonl"), EventsSpoolRouteTest.SAMPLE + "\n");
        assertThat(polls.mayRead()).isTrue();
        assertThat(spool.consume(second.toString())).isEqualTo(7);
        try (JMXConnector connector = connectJmx(jmxPort, "operator", "s3cret-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            assertThat((String) jmx.invoke(new ObjectName(AgentManagement.OBJECT_NAME), "setConsent",
                    new Object[] {"basic"}, new String[] {String.class.getName()})).contains("effective: basic");
        }
        assertThat(level).as("the product is told at once").content().isEqualTo("basic\n");
        assertThat(aggregate).as("the window is dropped at once").doesNotExist();

        assertThat(spool.endOfPoll()).as("the poll in progress adds nothing").isZero();
        assertThat(spool.accepted()).isEqualTo(7);
        assertThat(second).as("counted as read, never sent").doesNotExist();
        assertThat(level).content().isEqualTo("basic\n");
    }
}
