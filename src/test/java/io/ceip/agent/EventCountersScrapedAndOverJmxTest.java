package io.ceip.agent;

import io.ceip.agent.ops.EventCounters;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.ManagementServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.Test;

import static io.ceip.agent.support.ManagementServer.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spool's counters since start, moved by real spool files through the real route, read over real HTTP
 * (Prometheus text at /observe/metrics, {@code ceip_events_*}) and a real remote JMX connection ({@value
 * EventCounters#OBJECT_NAME}): accepted, refused lines, refused files, overflow (a bound of one name) and files
 * deleted unread when consent drops below full. No event name, message or path is in the scrape.
 */
class EventCountersScrapedAndOverJmxTest extends AgentTestSupport {

    private ManagementServer management;
    private int jmxPort;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        management = new ManagementServer(FreePort.next());
        Properties properties = management.settings(true);
        jmxPort = FreePort.next();
        properties.putAll(remoteJmx(jmxPort, "operator s3cret-pass\n", "operator readonly\n"));
        properties.putAll(with("ceip.consent.default", "full", "ceip.events.poll-interval", "100",
                "ceip.events.max-file-bytes", "4096", "ceip.events.max-names", "1",
                "ceip.events.catalog-file", "config/events.yaml"));
        return properties;
    }

    @Test
    void everyCounterMovesInTheScrapeAndOverJmx() throws Exception {
        String before = management.scrape();
        for (String counter : new String[] { "accepted", "refused_lines", "refused_files", "overflowed",
                "deleted_unread" }) {
            assertThat(value(before, "ceip_events_" + counter + "_total")).as(counter).isZero();
        }

        Path good = hand("a.jsonl", String.join("\n", "{\"type\":\"feature\",\"name\":\"dashboards.open\"}",
                "{\"type\":\"feature\",\"name\":\"reports.export\"}", "{\"type\":\"feature\",\"name\":\"reports.export\"}",
                "not json: planted-message-7f3e", "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":12}"));
        Path big = hand("big.jsonl", "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n".repeat(200));
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(good) && !Files.exists(big));

        String read = management.scrape();
        assertThat(value(read, "ceip_events_accepted_total")).isEqualTo(4);
        assertThat(value(read, "ceip_events_refused_lines_total")).isEqualTo(1);
        assertThat(value(read, "ceip_events_refused_files_total")).isEqualTo(1);
        assertThat(value(read, "ceip_events_overflowed_total")).as("reports.export past a bound of one name")
                .isEqualTo(2);
        assertThat(read).contains("# TYPE ceip_events_accepted_total counter")
                .doesNotContain("planted-message", "reports.export", "a.jsonl", dataDirectory().toString());

        management().setConsent("basic");
        Path unread = hand("b.jsonl", "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(unread));
        assertThat(value(management.scrape(), "ceip_events_deleted_unread_total")).isEqualTo(1);

        try (JMXConnector connector = connectJmx(jmxPort, "operator", "s3cret-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName events = new ObjectName(EventCounters.OBJECT_NAME);
            assertThat(jmx.getAttribute(events, "Accepted")).isEqualTo(4L);
            assertThat(jmx.getAttribute(events, "RefusedLines")).isEqualTo(1L);
            assertThat(jmx.getAttribute(events, "RefusedFiles")).isEqualTo(1L);
            assertThat(jmx.getAttribute(events, "Overflowed")).isEqualTo(2L);
            assertThat(jmx.getAttribute(events, "DeletedUnread")).isEqualTo(1L);
        }
    }

    /** What a product does: write under another name, then rename. */
    private Path hand(String name, String lines) throws Exception {
        Path spool = Files.createDirectories(dataDirectory().resolve("events"));
        Path temp = Files.writeString(spool.resolve(name + ".tmp"), lines);
        return Files.move(temp, spool.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
