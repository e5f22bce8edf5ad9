package io.ceip.agent.delivery;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.component.http.CamelProxyRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ceip.proxy.no-proxy=.internal.example}, the documented form, reaches every host of the domain directly
 * (review s20 tls L2): camel-http's route planner matched it exactly, so {@code host.internal.example} still went
 * through the proxy. Checked with camel-http's own planner; an entry it would misread stops the start.
 */
class NoProxyHostsMatchDomainSuffixesTest {

    private static final HttpHost PROXY = new HttpHost("http", "proxy.corp.example", 3128);

    @Test
    void aDotDomainReachesTheDomainAndItsHostsDirectlyAndNothingElse() throws Exception {
        String entries = NoProxyHosts.forCamel(" localhost, .internal.example ,,intranet");

        assertThat(entries).isEqualTo("localhost,internal.example,*.internal.example,intranet");
        assertThat(proxied(entries, "telemetry.internal.example")).isFalse();
        assertThat(proxied(entries, "a.b.internal.example")).isFalse();
        assertThat(proxied(entries, "internal.example")).isFalse();
        assertThat(proxied(entries, "localhost")).isFalse();
        assertThat(proxied(entries, "internal.example.attacker.example")).isTrue();
        assertThat(proxied(entries, "xinternal.example")).isTrue();
        assertThat(proxied(entries, "telemetry.vendor.example")).isTrue();
    }

    @Test
    void anEntryCamelHttpWouldMisreadStopsTheStart() {
        for (String entry : new String[] {"*", "host:8443", "https://host", "(a+)+", "*internal", "a b"}) {
            assertThatThrownBy(() -> NoProxyHosts.forCamel("localhost," + entry)).as(entry)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("ceip.proxy.no-proxy: an entry is neither a host, an address nor .domain");
        }
        assertThat(NoProxyHosts.forCamel("*.internal.example,10.0.0.7,::1")).isEqualTo("*.internal.example,10.0.0.7,::1");
    }

    private static boolean proxied(String entries, String host) throws Exception {
        Set<String> set = Arrays.stream(entries.split(",")).collect(Collectors.toSet());
        return new CamelProxyRoutePlanner(PROXY, set).determineRoute(new HttpHost("https", host, 443),
                HttpClientContext.create()).getProxyHost() != null;
    }
}
