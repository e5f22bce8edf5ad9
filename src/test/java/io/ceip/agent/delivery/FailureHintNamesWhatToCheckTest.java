package io.ceip.agent.delivery;

import io.ceip.agent.privacy.ConsentLevel;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.NamedEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A failure without an HTTP status names where the agent could not connect and the setting to check, for each
 * destination; a host name is shown only when it is of a host name's form (an exception's text never is).
 */
class FailureHintNamesWhatToCheckTest {

    static final String ENDPOINT = "https://collector.example.com:8443/v1/reports";
    static final Destination VENDOR = destination(Destination.VENDOR, ENDPOINT);
    static final Destination CUSTOMER = destination(Destination.CUSTOMER, ENDPOINT);

    @Test
    void anUnknownHostIsNamedWithTheDestinationsUrlSetting() {
        Throwable failure = catchThrowable(() -> InetAddress.getByName("no-such-collector.invalid"));

        String url = "https://no-such-collector.invalid/v1/reports";
        assertThat(failure).isInstanceOf(UnknownHostException.class);
        assertThat(FailureHint.of(new RuntimeException("wrapped", failure), destination(Destination.VENDOR, url)))
                .isEqualTo("unknown host no-such-collector.invalid (check ceip.endpoint.url)");
        assertThat(FailureHint.of(failure, destination(Destination.CUSTOMER, url)))
                .isEqualTo("unknown host no-such-collector.invalid (check ceip.customer-endpoint.url)");
    }

    @Test
    void aHostThatIsNotOfAHostsFormIsNotShown() {
        assertThat(FailureHint.of(new UnknownHostException("evil\n12:00:00 WARN forged: token=abc"), VENDOR))
                .isEqualTo("unknown host (check ceip.endpoint.url)");
        NamedEndpoint forged = new NamedEndpoint() {
            @Override
            public String getHostName() {
                return "a\n12:00:00 WARN forged";
            }

            @Override
            public int getPort() {
                return 443;
            }
        };
        assertThat(FailureHint.of(new HttpHostConnectException("refused", forged), VENDOR))
                .isEqualTo("cannot connect to the endpoint: connection refused (check ceip.endpoint.url)");
    }

    @Test
    void refusedAndTimedOutConnectionsNameTheEndpointAndTheSetting() {
        HttpHost collector = new HttpHost("https", "collector.example.com", 8443);

        assertThat(FailureHint.of(new HttpHostConnectException("refused", collector), CUSTOMER)).isEqualTo(
                "cannot connect to collector.example.com:8443: connection refused (check ceip.customer-endpoint.url)");
        assertThat(FailureHint.of(new ConnectTimeoutException("timed out", collector), VENDOR))
                .isEqualTo("no connection to collector.example.com:8443 within ceip.endpoint.connect-timeout");
        assertThat(FailureHint.of(new SocketTimeoutException("Read timed out"), VENDOR))
                .isEqualTo("no answer within ceip.endpoint.response-timeout");
    }

    @Test
    void aTlsRefusalNamesTheDestinationsOwnSetting() {
        Throwable pkix = new javax.net.ssl.SSLHandshakeException("PKIX path building failed");

        assertThat(FailureHint.of(pkix, VENDOR))
                .isEqualTo("TLS refused: the server's certificate is not trusted (ceip.endpoint.trust-store)");
        assertThat(FailureHint.of(pkix, CUSTOMER))
                .isEqualTo("TLS refused: the server's certificate is not trusted (ceip.customer-endpoint.trust-store)");
    }

    /** Behind a proxy, a host that is not the endpoint's is the proxy's: its settings are named. */
    @Test
    void aProxyThatCannotBeReachedIsNamedAsTheProxy() {
        HttpHost proxy = new HttpHost("http", "proxy.internal", 3128);

        assertThat(FailureHint.of(new HttpHostConnectException("refused", proxy), VENDOR)).isEqualTo("cannot connect"
                + " to proxy.internal:3128: connection refused (check ceip.proxy.host and ceip.proxy.port)");
        assertThat(FailureHint.of(new UnknownHostException("proxy.invalid"), VENDOR))
                .isEqualTo("unknown host proxy.invalid (check ceip.proxy.host and ceip.proxy.port)");
    }

    /** A name server that did not answer in time (BoundedDnsResolver): the host, never anything not of its form. */
    @Test
    void aLookupPastTheConnectTimeoutNamesTheHostAndTheSetting() {
        String why = "no answer from the name server within ceip.endpoint.connect-timeout (10000 ms)";
        assertThat(FailureHint.of(new RuntimeException("wrapped", new BoundedDnsResolver.NameNotResolvedException(
                "collector.example.com", why)), VENDOR)).isEqualTo("collector.example.com: not resolved: " + why);
        assertThat(FailureHint.of(new BoundedDnsResolver.NameNotResolvedException("evil\n12:00 WARN token=abc", why),
                VENDOR)).isEqualTo("the host: not resolved: " + why);
    }

    @Test
    void anyOtherFailureHasNoHint() {
        assertThat(FailureHint.of(new IllegalStateException("x"), VENDOR)).isEmpty();
        assertThat(FailureHint.of(null, VENDOR)).isEmpty();
    }

    private static Destination destination(String name, String url) {
        return new Destination(name, null, null, null, null, ConsentLevel.BASIC, url);
    }
}
