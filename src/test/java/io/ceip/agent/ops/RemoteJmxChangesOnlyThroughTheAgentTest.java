package io.ceip.agent.ops;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code readwrite} login of remote JMX changes the agent only through the agent's own operations: Camel's context
 * MBean would otherwise send any text to any endpoint URI ({@code sendStringBody}) — the endpoint's token to a URL of
 * the caller's choosing (the destination's HTTP client adds it to every request of its component), a consent file
 * written past {@code setConsent} — and the JVM's own MBeans would dump the heap, secrets and all, to a file. Reading
 * stays as the access file grants it, and the agent's operations work as before.
 */
class RemoteJmxChangesOnlyThroughTheAgentTest extends AgentTestSupport {

    private static final String TOKEN = "s22-secret-t0ken-of-the-vendor";
    private static final ObjectName AGENT = name(AgentManagement.OBJECT_NAME);
    private static final ObjectName CONTEXT = name("org.apache.camel:context=ceip-agent,type=context,name=\"ceip-agent\"");
    private static final String[] TWO_STRINGS = { String.class.getName(), String.class.getName() };

    private int jmxPort;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        jmxPort = FreePort.next();
        Properties properties = remoteJmx(jmxPort, "operator 0perator-pass\nviewer v1ewer-pass\n",
                "operator readwrite\nviewer readonly\n");
        properties.setProperty("ceip.endpoint.token", TOKEN);
        return properties;
    }

    @Test
    void camelsContextSendsNothingForARemoteCaller() throws Exception {
        String elsewhere = server().url().replaceFirst("/[^/:]*$", "") + "/chosen-by-the-caller";
        try (JMXConnector connector = connectJmx(jmxPort, "operator", "0perator-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();

            assertThatThrownBy(() -> jmx.invoke(CONTEXT, "sendStringBody", new Object[] { elsewhere, "x" },
                    TWO_STRINGS)).isInstanceOf(SecurityException.class).hasMessageContaining("agent's own");
            assertThatThrownBy(() -> jmx.invoke(CONTEXT, "sendStringBody", new Object[] { "file:"
                    + dataDirectory() + "?fileName=consent", "full 2" }, TWO_STRINGS))
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> jmx.setAttribute(CONTEXT, new Attribute("Tracing", Boolean.TRUE)))
                    .isInstanceOf(SecurityException.class);
        }
        assertThat(server().received()).isEmpty();
        assertThat(dataDirectory().resolve("consent")).doesNotExist();
    }

    @Test
    void theJvmsOwnMBeansDumpNothingForARemoteCaller() throws Exception {
        Path dump = newTempDirectory().resolve("heap.hprof");
        try (JMXConnector connector = connectJmx(jmxPort, "operator", "0perator-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();

            assertThatThrownBy(() -> jmx.invoke(name("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap",
                    new Object[] { dump.toString(), Boolean.TRUE }, new String[] { String.class.getName(),
                            boolean.class.getName() })).isInstanceOf(SecurityException.class);
        }
        assertThat(Files.exists(dump)).isFalse();
    }

    @Test
    void theAgentsOperationsAndEveryReadStayAsTheAccessFileGrants() throws Exception {
        try (JMXConnector connector = connectJmx(jmxPort, "operator", "0perator-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();

            assertThat(jmx.invoke(AGENT, "setConsent", new Object[] { "off" }, new String[] {
                    String.class.getName() })).asString().startsWith("Consent set to off");
            assertThat(jmx.getAttribute(CONTEXT, "CamelId")).isEqualTo("ceip-agent");
        }
        try (JMXConnector connector = connectJmx(jmxPort, "viewer", "v1ewer-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();

            assertThat(jmx.getAttribute(AGENT, "ConsentLevel")).isEqualTo("off");
            assertThat(jmx.getAttribute(name("java.lang:type=Runtime"), "VmName")).isNotNull();
            assertThatThrownBy(() -> jmx.invoke(AGENT, "sendNow", new Object[0], new String[0]))
                    .isInstanceOf(SecurityException.class);
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
