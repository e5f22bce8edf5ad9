package io.ceip.agent.ops;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;

import java.nio.file.Files;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Over a real remote JMX connection: only a user of the password file with the right password gets in; what they
 * may do is what the access file grants. A {@code readonly} user reads but cannot invoke an operation such as
 * {@code setConsent}; a {@code readwrite} user can; a user of the password file without a line in the access file
 * may do nothing at all. The consent audit names the user who changed consent.
 */
class RemoteJmxRolesTest extends AgentTestSupport {

    private static final ObjectName AGENT = name(AgentManagement.OBJECT_NAME);
    private static final String[] STRING = { String.class.getName() };

    private int jmxPort;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        jmxPort = FreePort.next();
        return remoteJmx(jmxPort, "operator 0perator-pass\nviewer v1ewer-pass\nstranger str4nger-pass\n",
                "operator readwrite\nviewer readonly\n");
    }

    @Test
    void aReadOnlyUserReadsButCannotSetTheConsent() throws Exception {
        try (JMXConnector connector = connect("viewer", "v1ewer-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();

            assertThat(jmx.getAttribute(AGENT, "ConsentLevel")).isEqualTo("basic");
            assertThatThrownBy(() -> jmx.invoke(AGENT, "setConsent", new Object[] { "off" }, STRING))
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> jmx.invoke(AGENT, "sendNow", new Object[0], new String[0]))
                    .isInstanceOf(SecurityException.class);
            assertThat(jmx.getAttribute(AGENT, "ConsentLevel")).isEqualTo("basic");
            assertThat(server().received()).isEmpty();
        }
    }

    @Test
    void aReadWriteUserSetsTheConsent() throws Exception {
        try (JMXConnector connector = connect("operator", "0perator-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();

            jmx.invoke(AGENT, "setConsent", new Object[] { "off" }, STRING);

            assertThat(jmx.getAttribute(AGENT, "ConsentLevel")).isEqualTo("off");
            assertThat(jmx.getAttribute(AGENT, "ConsentSource")).isEqualTo("runtime-setting");
            assertThat(Files.readAllLines(dataDirectory().resolve("consent-audit.log"))).as("who changed it")
                    .last().asString().endsWith(" basic -> off source=runtime-setting;by=jmx:operator");
        }
    }

    @Test
    void aChangeOverALocalConnectionNamesJmxWithoutAUser() throws Exception {
        java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(AGENT, "setConsent",
                new Object[] { "full" }, STRING); // as a local attach (jconsole on the same machine) calls it

        assertThat(Files.readAllLines(dataDirectory().resolve("consent-audit.log"))).last().asString()
                .endsWith(" basic -> full source=runtime-setting;by=jmx");
    }

    @Test
    void aUserWithoutAnAccessLineMayDoNothing() throws Exception {
        try (JMXConnector connector = connect("stranger", "str4nger-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();

            assertThatThrownBy(() -> jmx.getAttribute(AGENT, "ConsentLevel")).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> jmx.invoke(AGENT, "setConsent", new Object[] { "off" }, STRING))
                    .isInstanceOf(SecurityException.class);
        }
        try (JMXConnector connector = connect("viewer", "v1ewer-pass")) {
            assertThat(connector.getMBeanServerConnection().getAttribute(AGENT, "ConsentLevel")).isEqualTo("basic");
        }
    }

    @Test
    void aWrongPasswordAnUnknownUserOrNoCredentialsAreRefused() {
        assertThatThrownBy(() -> connect("operator", "v1ewer-pass")).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> connect("operator", "")).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> connect("intruder", "0perator-pass")).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> JMXConnectorFactory.connect(url())).isInstanceOf(SecurityException.class);
    }

    private JMXConnector connect(String user, String password) throws Exception {
        return connectJmx(jmxPort, user, password);
    }

    private JMXServiceURL url() throws Exception {
        return new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + jmxPort + "/jndi/rmi://127.0.0.1:" + jmxPort
                + "/jmxrmi");
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
