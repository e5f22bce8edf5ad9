package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.ScriptedConnectProxy;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ceip.proxy.no-proxy=localhost,.internal.example} (the documented form) reaches a host of that domain
 * without the proxy (review s20 tls L2): camel-http matched {@code .internal.example} exactly, and the proxy was
 * asked {@code CONNECT telemetry.internal.example:8443}. The host does not resolve: the attempt fails directly, and the
 * proxy hears nothing.
 */
class DeliveryBypassesProxyForADomainTest extends AgentTestSupport {

    private ScriptedConnectProxy proxy;

    @Override
    protected Properties overrides() {
        try {
            proxy = new ScriptedConnectProxy("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection:"
                    + " close\r\n\r\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return with("ceip.proxy.host", "127.0.0.1", "ceip.proxy.port", Integer.toString(proxy.port()),
                "ceip.proxy.no-proxy", "localhost,.internal.example",
                "ceip.endpoint.url", "https://telemetry.internal.example:8443/v1/reports",
                "ceip.endpoint.connect-timeout", "1000", "ceip.retry.max-redeliveries", "0");
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
    }

    @Test
    void aHostUnderANoProxyDomainIsReachedDirectly() {
        runReportCycle();

        assertThat(proxy.requests).as("telemetry.internal.example is under .internal.example").isEmpty();
        assertThat(deadLetters().entries()).as("not delivered, kept").hasSize(1);
    }
}
