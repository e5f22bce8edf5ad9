package io.ceip.agent;

import io.ceip.agent.delivery.HostNameCheck;
import io.ceip.agent.support.AgentStarts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer's own endpoint is refused at start as the vendor's is: each wrong setting stops the start with one
 * line naming its {@code ceip.customer-endpoint.*} key (never a secret); no setting reaches its HTTP component; once
 * started, the component holds the agent's own settings. Off by default: nothing of it is made.
 */
class CustomerEndpointRefusedAtStartTest {

    private static final String URL = "https://localhost:9443/v1/reports";

    @TempDir
    Path dir;

    private Main agent(String... keysAndValues) {
        Map<String, String> settings = new HashMap<>(Map.of("ceip.customer-endpoint.enabled", "true",
                "ceip.customer-endpoint.url", URL));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return AgentStarts.agent(dir, null, settings);
    }

    /** Review s20 fixes M3: the vendor's store under two owners in one process would let its lock go. */
    @Test
    void aDirectoryThatIsTheVendorsStopsTheStart() {
        assertStartStopsSaying(agent("ceip.customer-endpoint.directory", dir.toString()),
                "ceip.customer-endpoint.directory: " + dir + " holds the vendor's ledger or dead-letter store"
                        + " (ceip.data.directory, ceip.dead-letter.directory); give the customer's copies a directory"
                        + " of their own");
        assertStartStopsSaying(agent("ceip.customer-endpoint.directory", dir.resolve("elsewhere").toString(),
                "ceip.dead-letter.directory", dir.resolve("elsewhere/dead-letter").toString()),
                "ceip.customer-endpoint.directory: " + dir.resolve("elsewhere") + " holds the vendor's ledger or"
                        + " dead-letter store (ceip.data.directory, ceip.dead-letter.directory); give the customer's"
                        + " copies a directory of their own");
    }

    @Test
    void enabledWithoutAUrlStopsTheStart() {
        assertStartStopsSaying(agent("ceip.customer-endpoint.url", ""), "ceip.customer-endpoint.url: empty, but"
                + " ceip.customer-endpoint.enabled is true; set the customer's https:// URL or turn the customer"
                + " destination off");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://localhost:9443/v1/reports?sslContextParameters=#trustAll | 'https://localhost:9443/v1/reports' has a query string: the endpoint is scheme, host, port and path only (the agent alone sets the HTTP client's options)",
            "https://agent:s3cret@localhost:9443/v1/reports                  | 'https://localhost:9443/v1/reports' has user info: the endpoint is scheme, host, port and path only",
            "http://localhost:9443/v1/reports                                | 'http://localhost:9443/v1/reports' is not an https:// URL with a host",
    })
    void aUrlTheVendorsWouldBeRefusedForStopsTheStart(String url, String what) {
        assertStartStopsSaying(agent("ceip.customer-endpoint.url", url), "ceip.customer-endpoint.url: " + what,
                "s3cret", "trustAll");
    }

    @Test
    void aMissingTrustStoreStopsTheStartNamingTheCustomersKey() {
        Path missing = dir.resolve("nowhere.pem");
        assertStartStopsSaying(agent("ceip.customer-endpoint.trust-store", missing.toString()),
                "ceip.customer-endpoint.trust-store " + missing + " does not exist");
    }

    @Test
    void aTrustStoreThatIsNoCertificateStopsTheStart() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertStartStopsSaying(agent("ceip.customer-endpoint.trust-store", junk.toString(),
                "ceip.customer-endpoint.trust-store-password", "pw-s3cret"),
                "ceip.customer-endpoint.trust-store " + junk + " is neither PEM certificates nor a PKCS12 store that"
                        + " ceip.customer-endpoint.trust-store-password opens (EOFException)", "pw-s3cret");
    }

    @Test
    void aMalformedPinStopsTheStart() {
        assertStartStopsSaying(agent("ceip.customer-endpoint.pins", "sha256/short"),
                "ceip.customer-endpoint.pins: 'sha256/short' is not a pin of the form sha256/<44 base64 characters>");
    }

    @Test
    void aTokenThatCouldSplitAHeaderStopsTheStartWithoutShowingIt() {
        assertStartStopsSaying(agent("ceip.customer-endpoint.token", "abc\r\nX-Forged: s3cret"),
                "override: ceip.customer-endpoint.token holds a control character", "s3cret", "X-Forged");
        assertStartStopsSaying(agent("ceip.customer-endpoint.token", "abc s3cret"),
                "ceip.customer-endpoint.token must be printable ASCII without spaces", "s3cret");
    }

    @Test
    void aCeilingOutsideBasicAndFullStopsTheStart() {
        assertStartStopsSaying(agent("ceip.customer-endpoint.consent-ceiling", "off"),
                "override: ceip.customer-endpoint.consent-ceiling 'off' is not one of basic, full");
    }

    @Test
    void aSettingForItsHttpComponentStopsTheStart() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.properties"),
                "camel.component.ceip-customer.x509HostnameVerifier=#class:org.apache.hc.client5.http.ssl.NoopHostnameVerifier\n");
        assertStartStopsSaying(AgentStarts.agent(dir, config, Map.of("ceip.customer-endpoint.enabled", "true",
                "ceip.customer-endpoint.url", URL)), "camel.component.ceip-customer.x509HostnameVerifier (in " + config
                + ") is refused: the agent alone configures its HTTP client and TLS (trust, hostname verification,"
                + " protocols, ciphers, retries, connections); remove this setting", "Noop");
    }

    @Test
    void itsComponentHoldsTheAgentsSettingsAfterTheStart() throws Exception {
        Main main = agent();
        try {
            main.start();
            HttpComponent customer = main.getCamelContext().getComponent("ceip-customer", HttpComponent.class);

            assertThat(customer.getX509HostnameVerifier()).isInstanceOf(HostNameCheck.class);
            assertThat(customer.getSslContextParameters().getSecureSocketProtocols().getSecureSocketProtocol())
                    .containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(customer.isUseGlobalSslContextParameters()).isFalse();
            assertThat(customer.isUseSystemProperties()).isFalse();
            assertThat(customer.isAutomaticRetriesDisabled()).isTrue();
            assertThat(customer.isRedirectHandlingDisabled()).isTrue();
            assertThat(customer.getSslContextParameters())
                    .isNotSameAs(main.getCamelContext().getComponent("https", HttpComponent.class)
                            .getSslContextParameters());
        } finally {
            main.stop();
        }
    }

    @Test
    void offByDefaultNothingOfItIsMade() throws Exception {
        Main main = AgentStarts.agent(dir, null, Map.of());
        try {
            main.start();
            assertThat(main.getCamelContext().hasComponent("ceip-customer")).isNull();
            assertThat(main.getCamelContext().getRoute("ceip-deliver-copies")).isNull();
            assertThat(main.getCamelContext().getRoute("ceip-customer-replay")).isNull();
            assertThat(dir.resolve("destinations")).doesNotExist();
        } finally {
            main.stop();
        }
    }
}
