package io.ceip.agent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hosts Camel's embedded server may bind for the events' HTTP intake: loopback addresses written as such, IPv4
 * ({@code 127.0.0.0/8}) or IPv6 ({@code ::1}, bracketed or not); never a name (no name is looked up), every address,
 * or another address.
 */
class EventsIntakeLoopbackHostTest {

    @ParameterizedTest(name = "'{0}'")
    @ValueSource(strings = { "127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1" })
    void loopbackAddressesAreTaken(String host) {
        assertThat(EventsIntakeConfiguration.loopback(host)).isTrue();
    }

    @ParameterizedTest(name = "'{0}'")
    @ValueSource(strings = { "0.0.0.0", "::", "[::]", "localhost", "192.0.2.1", "10.0.0.1", "::ffff:192.0.2.1",
            "127.0.0.1.nip.io", "", " ", "fe80::1", "1" })
    void everythingElseIsRefused(String host) {
        assertThat(EventsIntakeConfiguration.loopback(host)).isFalse();
    }
}
