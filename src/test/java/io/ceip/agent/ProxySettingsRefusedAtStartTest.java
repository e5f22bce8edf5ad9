package io.ceip.agent;

import io.ceip.agent.support.AgentStarts;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;

/**
 * The proxy's settings are refused at start in one line that never shows their value (review s20 tls L4, L2):
 * {@code ceip.proxy.host} written as a URL (whose credentials would be a secret; the attempt line then said
 * "unknown host http"), with a port or a path; a {@code ceip.proxy.no-proxy} entry camel-http would misread.
 */
class ProxySettingsRefusedAtStartTest {

    @TempDir
    Path dir;

    private Main agent(String... keysAndValues) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return AgentStarts.agent(dir, null, settings);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://agent:s3cret@proxy.corp.invalid", "proxy.corp.invalid:3128", "agent:s3cret@proxy",
            "proxy.corp.invalid/path", "-proxy"})
    void aProxyHostThatIsNotAHostStopsTheStart(String host) {
        assertStartStopsSaying(agent("ceip.proxy.host", host), "ceip.proxy.host: not a host name or an IP address"
                + " (written as a URL, with a port or credentials? the port goes in ceip.proxy.port, the credentials in"
                + " ceip.proxy.user and ceip.proxy.password)", "s3cret", "proxy.corp.invalid");
    }

    @Test
    void aNoProxyEntryCamelHttpWouldMisreadStopsTheStart() {
        assertStartStopsSaying(agent("ceip.proxy.host", "proxy.corp.invalid", "ceip.proxy.no-proxy",
                "localhost,internal.example:8443"), "ceip.proxy.no-proxy: an entry is neither a host, an address nor"
                + " .domain (or *.domain) for every host of a domain: 'internal.example:8443'");
    }
}
