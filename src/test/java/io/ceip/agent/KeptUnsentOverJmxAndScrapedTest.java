package io.ceip.agent;

import io.ceip.agent.ops.KeptUnsent;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.ManagementServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.Test;

import static io.ceip.agent.support.ManagementServer.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dead-letter store keeps but no replay sends, as numbers a monitor can alert on (before: only {@code status}
 * and the start's line said them): a pending report over {@code ceip.report.max-bytes} and an entry a later version of
 * the agent kept, over a real remote JMX connection ({@value KeptUnsent#OBJECT_NAME}: {@code OverLimit},
 * {@code OfALaterVersion}) and in the Prometheus scrape ({@code ceip_dead_letter_unsent{reason=...}}); a report within
 * the limit counts in neither, and each count follows the store.
 */
class KeptUnsentOverJmxAndScrapedTest extends AgentTestSupport {

    private static final String BIG = StatusSaysWhatTheStoreKeepsUnsentTest.BIG;
    private static final String SMALL = StatusSaysWhatTheStoreKeepsUnsentTest.SMALL;
    private static final String LATER = StatusSaysWhatTheStoreKeepsUnsentTest.LATER;
    private static final String OVER = "ceip_dead_letter_unsent{destination=\"vendor\",reason=\"over-limit\"}";
    private static final String LATER_VERSION =
            "ceip_dead_letter_unsent{destination=\"vendor\",reason=\"later-version\"}";

    private ManagementServer metrics;
    private int jmxPort;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        try { // a pending report over the limit of 100 bytes, one within it, one a later version kept
            StatusSaysWhatTheStoreKeepsUnsentTest.plantOneOfEach(dataDirectory().resolve("dead-letter"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metrics = new ManagementServer(FreePort.next());
        Properties properties = metrics.settings(true);
        jmxPort = FreePort.next();
        properties.putAll(remoteJmx(jmxPort, "operator s3cret-pass\n", "operator readonly\n"));
        properties.putAll(with("ceip.report.max-bytes", "100"));
        return properties;
    }

    @Test
    void eachIsCountedOverJmxAndInTheScrape() throws Exception {
        Path store = dataDirectory().resolve("dead-letter");
        try (JMXConnector connector = connectJmx(jmxPort, "operator", "s3cret-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName kept = new ObjectName(KeptUnsent.OBJECT_NAME);
            assertThat(jmx.getAttribute(kept, "OverLimit")).isEqualTo(1L);
            assertThat(jmx.getAttribute(kept, "OfALaterVersion")).isEqualTo(1L);
            String scrape = metrics.scrape();
            assertThat(value(scrape, OVER)).isEqualTo(1);
            assertThat(value(scrape, LATER_VERSION)).isEqualTo(1);
            assertThat(scrape).doesNotContain(BIG).doesNotContain(LATER);

            Files.delete(store.resolve(BIG + ".meta.json"));
            Files.delete(store.resolve(BIG + ".json.gz"));
            Files.delete(store.resolve(LATER + ".meta.json"));
            assertThat(jmx.getAttribute(kept, "OverLimit")).isEqualTo(0L);
            assertThat(jmx.getAttribute(kept, "OfALaterVersion")).isEqualTo(0L);
            scrape = metrics.scrape();
            assertThat(value(scrape, OVER)).isZero();
            assertThat(value(scrape, LATER_VERSION)).isZero();
        }
        assertThat(store.resolve(SMALL + ".meta.json")).as("within the limit: kept, counted in neither").exists();
    }
}
