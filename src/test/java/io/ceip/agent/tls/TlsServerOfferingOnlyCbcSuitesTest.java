package io.ceip.agent.tls;

import org.junit.jupiter.api.Test;

/**
 * An endpoint that offers only TLS 1.2 CBC suites, forward secret as they are ({@code TLS_ECDHE_RSA_WITH_AES_*_CBC_*}:
 * MAC-then-encrypt, the padding oracles' ground), is refused in the same line: the agent's client offered them.
 */
class TlsServerOfferingOnlyCbcSuitesTest extends CipherSuiteScenario {

    @Override
    String[] suites() {
        return new String[] { "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA" };
    }

    @Test
    void aServerOfCbcSuitesOnlyIsRefusedSayingWhy() {
        assertRefusedForItsSuites();
    }
}
