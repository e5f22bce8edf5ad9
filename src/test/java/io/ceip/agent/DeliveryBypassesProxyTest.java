package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestConnectProxy;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryBypassesProxyTest extends AgentTestSupport {

    private TestConnectProxy proxy;

    @Override
    protected Properties overrides() {
        try {
            proxy = new TestConnectProxy("agent", "unused");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Properties properties = new Properties();
        properties.setProperty("ceip.proxy.host", "127.0.0.1");
        properties.setProperty("ceip.proxy.port", Integer.toString(proxy.port()));
        properties.setProperty("ceip.proxy.no-proxy", "intranet.example,localhost");
        return properties;
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.close();
    }

    @Test
    void aHostOnTheNoProxyListIsReachedDirectly() {
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(proxy.tunnels()).isEmpty();
        assertThat(proxy.refused()).isEmpty();
    }
}
