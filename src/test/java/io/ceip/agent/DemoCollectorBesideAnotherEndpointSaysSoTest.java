package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A vendor who pointed {@code ceip.endpoint.url} at its own collector but left the demo's
 * {@code ceip.collector.enabled=true}: the demo's collector still starts in the agent's JVM (a port open, the demo's
 * public tokens taken) though it gets none of the agent's reports. The report goes to the endpoint, and the start says
 * so in one WARN line naming both settings and the fix.
 */
class DemoCollectorBesideAnotherEndpointSaysSoTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
    private int collectorPort;

    @Override
    protected Properties overrides() {
        collectorPort = FreePort.next();
        return with("ceip.collector.enabled", "true",
                "ceip.collector.port", Integer.toString(collectorPort),
                "ceip.collector.directory", dataDirectory().resolve("collector").toString());
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void theReportGoesToTheEndpointAndOneLineSaysTheDemoCollectorTakesNone() throws Exception {
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(log.shown().lines().filter(line -> line.contains("ceip.collector.enabled=true")))
                .singleElement().asString()
                .contains("the demo's collector listens on 127.0.0.1:" + collectorPort)
                .contains("but ceip.endpoint.url is " + server().url())
                .contains("set ceip.collector.enabled=false");
    }
}
