package io.ceip.agent.tls;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which keys the lock refuses, in what order, and how it names them (one line, never the value). */
class ClientOptionsLockTest {

    private static final String REFUSED = " is refused: the agent alone configures its HTTP client and TLS (trust,"
            + " hostname verification, protocols, ciphers, retries, connections); remove this setting";

    @Test
    void otherComponentsAndTheAgentsOwnKeysPass() {
        assertThatCode(() -> ClientOptionsLock.check(Map.of("camel.component.quartz.x", "f",
                "camel.component.jetty.x", "f", "camel.component.http-other.x", "f", "camel.main.name", "f",
                "ceip.endpoint.url", "f"), Map.of("CAMEL_COMPONENT_QUARTZ_X", "1", "CAMEL_MAIN_NAME", "2",
                        "PATH", "/bin"), Map.of("camel.main.name", ""))).doesNotThrowAnyException();
    }

    @Test
    void anyCaseIsRefusedAndTheFirstKeyInOrderIsNamed() {
        assertThatThrownBy(() -> ClientOptionsLock.check(Map.of("Camel.Component.HTTPS.x509HostnameVerifier", "f",
                "CAMEL.SSL.trustAllCertificates", "g"), Map.of(), Map.of()))
                .hasMessage("CAMEL.SSL.trustAllCertificates (in g)" + REFUSED);
        assertThatThrownBy(() -> ClientOptionsLock.check(Map.of(), Map.of("camel_component_http_proxy_host", "p"),
                Map.of())).hasMessage("camel_component_http_proxy_host (in the environment)" + REFUSED);
    }

    @Test
    void theKeyIsShownOnOneLineAndTheValueNever() {
        assertThatThrownBy(() -> ClientOptionsLock.check(Map.of("camel.component.https.a\nb", "file"), Map.of(),
                Map.of())).hasMessage("camel.component.https.a?b (in file)" + REFUSED);
        assertThatThrownBy(() -> ClientOptionsLock.check(Map.of(), Map.of("CAMEL_SSL_KEYSTORE_PASSWORD", "s3cret"),
                Map.of())).hasMessageNotContaining("s3cret");
    }
}
