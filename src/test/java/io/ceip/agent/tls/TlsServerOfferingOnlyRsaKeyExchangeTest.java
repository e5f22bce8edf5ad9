package io.ceip.agent.tls;

import org.junit.jupiter.api.Test;

/**
 * An endpoint that offers only TLS 1.2 suites of static RSA key exchange ({@code TLS_RSA_WITH_AES_*_GCM}: no forward
 * secrecy, whoever later gets the server's key decrypts every recorded report) is refused, in one line saying the
 * server offers none of the agent's suites: the agent's client offered them (the JDK's defaults), and the report was
 * delivered.
 */
class TlsServerOfferingOnlyRsaKeyExchangeTest extends CipherSuiteScenario {

    @Override
    String[] suites() {
        return new String[] { "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384" };
    }

    @Test
    void aServerWithoutForwardSecrecyIsRefusedSayingWhy() {
        assertRefusedForItsSuites();
    }
}
