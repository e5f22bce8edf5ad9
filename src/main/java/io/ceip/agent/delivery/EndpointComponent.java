package io.ceip.agent.delivery;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * Every option of the camel-http component that sends reports, set in Java and nowhere else: the report route's
 * endpoint URI is the validated scheme, host, port and path plus two fixed options ({@code httpMethod},
 * {@code throwExceptionOnFailure}), and {@code camel.component.http(s).*} settings are refused at start
 * ({@code ClientOptionsLock}), so no setting can reach the HTTP client.
 * <ul>
 * <li>TLS (https only): the agent's {@link SSLContextParameters} (its trust, TLS 1.3 and 1.2, forward-secret AEAD cipher
 * suites) and the host name check of {@link HostNameCheck} (Apache HttpClient's, and no wildcard name over a public
 * suffix: HttpClient's matched {@code *.com} to every host under it); never Camel's global TLS settings
 * ({@code camel.ssl.*}) nor HttpClient's reading of system properties ({@code https.protocols},
 * {@code https.cipherSuites}, proxies); the component's own connection manager, made from those, only;</li>
 * <li>retries are the routes' job (HttpClient would silently retry 429/503 itself), redirects are never followed, no
 * cookies, at most two pooled connections;</li>
 * <li>connect, connection-lease and read timeouts, the whole-request deadline ({@code configurer}), the proxy;</li>
 * <li>nothing is autowired from the registry (no activity listener, no other bean).</li>
 * </ul>
 */
public final class EndpointComponent {

    /** An HTTP proxy reached with CONNECT; {@code user} empty for none. */
    public record Proxy(String host, int port, Optional<String> noProxy, Optional<String> user, String password) {

        /** A host name, an IPv4 or a bracketed IPv6 literal: never a URL (whose user information would be a secret). */
        private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
                "[A-Za-z0-9](?:[A-Za-z0-9.\\-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\]");

        public Proxy {
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("ceip.proxy.host: not a host name or an IP address (written as a"
                        + " URL, with a port or credentials? the port goes in ceip.proxy.port, the credentials in"
                        + " ceip.proxy.user and ceip.proxy.password)");
            }
        }
    }

    private EndpointComponent() {
    }

    /**
     * Configures {@code component} ({@code https} with {@code tls}, or {@code http} with {@code tls} null: setting
     * TLS parameters on the plain component would turn its endpoints into https ones).
     */
    public static void configure(HttpComponent component, SSLContextParameters tls, Duration connectTimeout,
            Duration responseTimeout, HttpClientConfigurer configurer, Optional<Proxy> proxy) {
        component.setAutowiredEnabled(false);
        component.setSslContextParameters(tls);
        component.setUseGlobalSslContextParameters(false);
        component.setUseSystemProperties(false);
        component.setX509HostnameVerifier(new HostNameCheck());
        component.setClientConnectionManager(null);
        component.setHttpClientConfigurer(configurer);
        component.setAutomaticRetriesDisabled(true);
        component.setRedirectHandlingDisabled(true);
        component.setFollowRedirects(false);
        component.setCookieManagementDisabled(true);
        component.setMaxTotalConnections(2);
        component.setConnectionsPerRoute(2);
        component.setConnectTimeout(connectTimeout.toMillis());
        component.setConnectionRequestTimeout(connectTimeout.toMillis());
        component.setResponseTimeout(responseTimeout.toMillis());
        proxy.ifPresent(settings -> {
            component.setProxyHost(settings.host());
            component.setProxyPort(settings.port());
            component.setProxyAuthScheme("http");
            settings.noProxy().ifPresent(component::setNonProxyHosts);
            settings.user().ifPresent(user -> {
                component.setProxyAuthMethod("Basic");
                component.setProxyAuthUsername(user);
                component.setProxyAuthPassword(settings.password());
            });
        });
    }
}
