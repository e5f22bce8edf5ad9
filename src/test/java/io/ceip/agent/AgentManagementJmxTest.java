package io.ceip.agent;

import io.ceip.agent.management.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's MBean read and operated through a real remote JMX connection (RMI on loopback). */
class AgentManagementJmxTest extends AgentTestSupport {

    private Registry rmiRegistry;
    private JMXConnectorServer connectorServer;

    @Override
    public boolean useJmx() {
        return true;
    }

    @AfterEach
    void stopConnector() throws Exception {
        if (connectorServer != null) {
            connectorServer.stop();
        }
        if (rmiRegistry != null) {
            UnicastRemoteObject.unexportObject(rmiRegistry, true);
        }
    }

    @Test
    void attributesAndOperationsWorkOverRemoteJmx() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        rmiRegistry = LocateRegistry.createRegistry(port);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(url, Map.of(),
                ManagementFactory.getPlatformMBeanServer());
        connectorServer.start();

        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName agent = new ObjectName(AgentManagement.OBJECT_NAME);

            assertThat(jmx.queryNames(new ObjectName("org.apache.camel:context=ceip-agent,type=routes,*"), null))
                    .as("the agent's MBean sits next to Camel's own").isNotEmpty();
            assertThat(jmx.getAttribute(agent, "InstallationId")).as("created by the first report").isEqualTo("");
            assertThat(jmx.getAttribute(agent, "ConsentLevel")).isEqualTo("basic");
            assertThat(jmx.getAttribute(agent, "DeadLetterPending")).isEqualTo(0L);

            String preview = (String) jmx.invoke(agent, "preview", new Object[0], new String[0]);
            assertThat(parse(preview).get("consentLevel").asText()).isEqualTo("basic");
            assertThat(server().received()).isEmpty();

            String sent = (String) jmx.invoke(agent, "sendNow", new Object[0], new String[0]);
            assertThat(server().received()).hasSize(1);
            String reportId = server().received().get(0).header("Idempotency-Key");
            assertThat(sent).isEqualTo("Report " + reportId + " delivered");
            assertThat(jmx.getAttribute(agent, "LastReportId")).isEqualTo(reportId);
            assertThat(jmx.getAttribute(agent, "InstallationId"))
                    .isEqualTo(parse(server().received().get(0).json()).get("installationId").asText());
            assertThat(jmx.getAttribute(agent, "LastStatus")).isEqualTo("HTTP 202");
            assertThat(jmx.getAttribute(agent, "ReportsSent")).isEqualTo(1L);

            String refused = (String) jmx.invoke(agent, "setConsent", new Object[] { "maybe" },
                    new String[] { String.class.getName() });
            assertThat(refused).startsWith("Not changed: unknown consent level 'maybe'");
            jmx.invoke(agent, "setConsent", new Object[] { "off" }, new String[] { String.class.getName() });
            assertThat(jmx.getAttribute(agent, "ConsentLevel")).isEqualTo("off");
            assertThat(jmx.getAttribute(agent, "ConsentSource")).isEqualTo("runtime-setting");
            assertThat((String) jmx.invoke(agent, "sendNow", new Object[0], new String[0]))
                    .startsWith("Nothing sent: consent is off");
            assertThat(server().received()).hasSize(1);
        }
    }
}
