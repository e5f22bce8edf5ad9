package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code readonly} login of remote JMX reads every attribute of every MBean (the agent's, Camel's context, routes,
 * endpoints, components and services, the JVM's): after a delivery, a failed one to the customer's endpoint and a
 * collection whose database refused its password, no value holds the endpoint's or the customer endpoint's token or
 * the product database's password. This held; it was checked on the agent's own beans only.
 */
class EveryJmxAttributeKeepsTheSecretsOutTest extends AgentTestSupport {

    private static final String TOKEN = "vendor-token-7Hq2Zp9XkW";
    private static final String CUSTOMER_TOKEN = "customer-token-Rt5Lm8NbVc";
    private static final String DATABASE_PASSWORD = "db-pass-Ug4Ys1JeQo";
    private static final TestCertificates CUSTOMER_CERTIFICATES = TestCertificates.localhost();

    private int jmxPort;
    private TestHttpsServer customer;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        jmxPort = FreePort.next();
        customer = TestHttpsServer.start(CUSTOMER_CERTIFICATES, 0);
        Properties properties = remoteJmx(jmxPort, "watcher w4tch-pass\noperator s3cret-pass\n",
                "watcher readonly\noperator readwrite\n");
        properties.putAll(with("ceip.endpoint.token", TOKEN, "ceip.database.password", DATABASE_PASSWORD,
                "ceip.customer-endpoint.enabled", "true", "ceip.customer-endpoint.url", customer.url(),
                "ceip.customer-endpoint.token", CUSTOMER_TOKEN, "ceip.customer-endpoint.trust-store",
                CUSTOMER_CERTIFICATES.writePem(newTempDirectory().resolve("customer.pem")).toString(),
                "ceip.retry.max-redeliveries", "0"));
        return properties;
    }

    @AfterEach
    void stopCustomer() {
        customer.close();
    }

    @Test
    void noAttributeHoldsASecret() throws Exception {
        customer.reply(TestHttpsServer.Reply.status(401, "unknown token " + CUSTOMER_TOKEN));
        try (JMXConnector operator = connectJmx(jmxPort, "operator", "s3cret-pass")) {
            String sent = (String) operator.getMBeanServerConnection().invoke(new ObjectName(
                    AgentManagement.OBJECT_NAME), "sendNow", new Object[0], new String[0]);
            assertThat(sent).contains("delivered");
        }
        assertThat(server().received().get(0).header("Authorization")).as("the token is in use")
                .isEqualTo("Bearer " + TOKEN);

        List<String> values = new ArrayList<>();
        int read = 0;
        try (JMXConnector watcher = connectJmx(jmxPort, "watcher", "w4tch-pass")) {
            MBeanServerConnection jmx = watcher.getMBeanServerConnection();
            for (ObjectName name : jmx.queryNames(null, null)) {
                for (MBeanAttributeInfo attribute : jmx.getMBeanInfo(name).getAttributes()) {
                    if (!attribute.isReadable()) {
                        continue;
                    }
                    try {
                        Object value = jmx.getAttribute(name, attribute.getName());
                        values.add(name + " " + attribute.getName() + "=" + text(value));
                        read++;
                    } catch (Exception notReadable) {
                        // unsupported, or refused: nothing read
                    }
                }
            }
        }
        assertThat(read).as("attributes read").isGreaterThan(500);
        assertThat(values).as("attributes holding a secret").noneMatch(value -> value.contains(TOKEN)
                || value.contains(CUSTOMER_TOKEN) || value.contains(DATABASE_PASSWORD));
    }

    private static String text(Object value) {
        return value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value);
    }
}
