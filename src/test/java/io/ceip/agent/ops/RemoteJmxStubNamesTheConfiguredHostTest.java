package io.ceip.agent.ops;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;

import java.rmi.Remote;
import java.rmi.registry.LocateRegistry;
import java.util.Map;
import java.util.Properties;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stub remote JMX hands its clients names {@code ceip.jmx.remote.host}, not the address the machine's name
 * resolves to (here 127.0.0.1, which does not listen: the connector is bound to 127.0.0.2 alone), so a client reaching
 * the configured address gets in; {@code java.rmi.server.hostname}, which the start sets for its own exports when the
 * administrator has not, is unset again afterwards. {@code RemoteJmxStubHostIT} checks the same where the machine's
 * name resolves elsewhere, and that the start looks up no name of the machine.
 */
class RemoteJmxStubNamesTheConfiguredHostTest extends AgentTestSupport {

    /** A loopback address other than the one the machine's name resolves to. */
    private static final String HOST = "127.0.0.2";

    private int jmxPort;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        jmxPort = FreePort.next();
        Properties settings = remoteJmx(jmxPort, "operator 0perator-pass\n", "operator readwrite\n");
        settings.setProperty("ceip.jmx.remote.host", HOST);
        return settings;
    }

    @Test
    void theStubNamesTheConfiguredHostAndAClientGetsIn() throws Exception {
        Remote stub = LocateRegistry.getRegistry(HOST, jmxPort).lookup("jmxrmi");

        assertThat(stub.toString()).contains("[" + HOST + ":" + jmxPort);
        assertThat(System.getProperty("java.rmi.server.hostname")).as("the administrator's setting, untouched")
                .isNull();
        try (JMXConnector connector = connectJmx(HOST, jmxPort, "operator", "0perator-pass", Map.of())) {
            assertThat(connector.getMBeanServerConnection().getAttribute(new ObjectName(AgentManagement.OBJECT_NAME),
                    "ConsentLevel")).isEqualTo("basic");
        }
    }
}
