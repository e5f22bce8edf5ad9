package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.ScriptedConnectProxy;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy is spoken to in plain HTTP: the endpoint's token must never be on the {@code CONNECT} request (the token
 * is set by a request interceptor of the HTTP client, which runs for the request to the endpoint only, inside the
 * tunnel), also when the proxy asks for credentials (a 407) and the agent has some.
 */
class ProxySeesNoEndpointTokenTest extends AgentTestSupport {

    private static final String TOKEN = "Kx7qPw2mZr9tLs4v";
    private ScriptedConnectProxy proxy;

    @Override
    protected Properties overrides() {
        try {
            proxy = new ScriptedConnectProxy("HTTP/1.1 407 Proxy Authentication Required\r\n"
                    + "Proxy-Authenticate: Basic realm=\"proxy\"\r\nContent-Length: 0\r\n\r\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return with("ceip.proxy.host", "127.0.0.1", "ceip.proxy.port", Integer.toString(proxy.port()),
                "ceip.proxy.user", "agent", "ceip.proxy.password", "proxy-pw-0123", "ceip.endpoint.token", TOKEN,
                "ceip.retry.max-redeliveries", "0");
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
    }

    @Test
    void noConnectRequestCarriesTheToken() {
        runReportCycle();

        assertThat(proxy.requests).as("the CONNECT requests").isNotEmpty()
                .allSatisfy(request -> assertThat(request).startsWith("CONNECT ").doesNotContain(TOKEN)
                        .doesNotContainIgnoringCase("\nAuthorization:"));
        assertThat(server().received()).isEmpty();
    }
}
