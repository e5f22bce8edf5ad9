package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestConnectProxy;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryThroughProxyTest extends AgentTestSupport {

    private static final String PASSWORD = "pr0xy-Secret-93f1";
    private final LogCapture log = LogCapture.attach();
    private TestConnectProxy proxy;

    @Override
    protected Properties overrides() {
        try {
            proxy = new TestConnectProxy("agent", PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Properties properties = new Properties();
        properties.setProperty("ceip.proxy.host", "127.0.0.1");
        properties.setProperty("ceip.proxy.port", Integer.toString(proxy.port()));
        properties.setProperty("ceip.proxy.user", "agent");
        properties.setProperty("ceip.proxy.password", PASSWORD);
        properties.setProperty("ceip.endpoint.connect-timeout", "2000");
        properties.setProperty("ceip.retry.max-redeliveries", "0");
        return properties;
    }

    @AfterEach
    void stopProxy() throws Exception {
        log.close();
        proxy.close();
    }

    @Test
    void httpsGoesThroughTheProxyWithItsCredentialsWhichAreNeverLogged() throws Exception {
        runReportCycle();

        assertThat(server().received()).as("refused " + proxy.refused() + " tunnels " + proxy.tunnels()).hasSize(1);
        assertThat(proxy.tunnels()).containsExactly("localhost:" + server().port());
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(log.all()).doesNotContain(PASSWORD);
        try (var files = java.nio.file.Files.walk(dataDirectory())) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                assertThat(java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .doesNotContain(PASSWORD);
            }
        }
    }
}
