package io.ceip.collector.intake;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-address limits count an IPv6 client by its /64 (a host is usually given a whole /64: by its full address it
 * would escape every per-address limit; review of the s17 fixes, 7), an IPv4 client by its address, an IPv4-mapped
 * IPv6 address as IPv4; what is not a numeric address is kept as it is and nothing is looked up.
 */
class ClientKeyCountsAnIpv6HostByItsPrefixTest {

    @Test
    void addressesOfOneIpv6PrefixShareOneKey() throws Exception {
        assertThat(ClientKey.of("2001:db8:1:2::7")).isEqualTo("2001:db8:1:2::/64")
                .isEqualTo(ClientKey.of("2001:db8:1:2:ffff:ffff:ffff:ffff"))
                .isEqualTo(ClientKey.of(InetAddress.getByName("2001:0db8:0001:0002:0:0:0:1")));
        assertThat(ClientKey.of("2001:db8:1:3::7")).isEqualTo("2001:db8:1:3::/64");
        assertThat(ClientKey.of("::1")).isEqualTo("0:0:0:0::/64");
    }

    @Test
    void ipv4IsCountedByItsAddress() {
        assertThat(ClientKey.of("192.0.2.7")).isEqualTo("192.0.2.7").isNotEqualTo(ClientKey.of("192.0.2.8"));
        assertThat(ClientKey.of("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void whatIsNoNumericAddressIsKeptAndNotLookedUp() {
        assertThat(ClientKey.of("collector.example")).isEqualTo("collector.example");
        assertThat(ClientKey.of("")).isEmpty();
        assertThat(ClientKey.of((String) null)).isNull();
        assertThat(ClientKey.of("1.2.3.4.5")).isEqualTo("1.2.3.4.5");
    }
}
