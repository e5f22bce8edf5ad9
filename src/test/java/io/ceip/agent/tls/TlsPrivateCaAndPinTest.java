package io.ceip.agent.tls;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TlsPrivateCaAndPinTest extends TlsScenarioSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.pins", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=," + CA.pin());
    }

    @Test
    void aServerOfAPrivateCaWithAPinnedKeyInItsChainIsTrusted() {
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(deadLetters().entries()).isEmpty();
    }
}
