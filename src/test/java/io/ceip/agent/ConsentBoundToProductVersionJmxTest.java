package io.ceip.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent upgraded from product 0.9 to 1.0 over a {@code full} consent given for 0.9 (a real consent file), seen
 * through a real remote JMX connection: the consent attributes show the fallback to {@code basic}, audited once at
 * start, written to {@code data/consent-level}, and a report carries no full-consent member; {@code setConsent("full")}
 * gives it again for 1.0.
 */
class ConsentBoundToProductVersionJmxTest extends AgentTestSupport {

    private static final String FALLBACK = "runtime-setting:full-given-for-product-0.9-current-is-1.0";

    private int jmxPort;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        try {
            Files.writeString(dataDirectory().resolve("consent"),
                    "full " + ReportSchema.load(new ObjectMapper()).dataSetVersion() + " 0.9.3\n");
            Files.writeString(dataDirectory().resolve("consent-audit.log"),
                    "2026-01-02T03:04:05Z none -> full source=runtime-setting\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        jmxPort = FreePort.next();
        Properties properties = remoteJmx(jmxPort, "operator s3cret-pass\n", "operator readwrite\n");
        properties.setProperty("ceip.product.version", "1.0.7");
        return properties;
    }

    @Test
    void theFallbackIsShownAuditedOnceAndGivingFullAgainRestoresIt() throws Exception {
        try (JMXConnector connector = connectJmx(jmxPort, "operator", "s3cret-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName agent = new ObjectName(AgentManagement.OBJECT_NAME);

            assertThat(audit()).as("audited at start").containsExactly("none -> full source=runtime-setting",
                    "full -> basic source=" + FALLBACK);
            assertThat(jmx.getAttribute(agent, "ConsentLevel")).isEqualTo("basic");
            assertThat(jmx.getAttribute(agent, "ConsentSource")).isEqualTo(FALLBACK);
            assertThat(Files.readString(dataDirectory().resolve("consent-level"))).isEqualTo("basic\n");
            assertThat(jmx.invoke(agent, "sendNow", new Object[0], new String[0])).asString().endsWith("delivered");
            assertThat(parse(server().received().get(0).json()).get("consentLevel").asText()).isEqualTo("basic");
            assertThat(parse(server().received().get(0).json()).has("features")).isFalse();
            assertThat(audit()).as("once: reading and sending do not audit it again").hasSize(2);

            assertThat(jmx.invoke(agent, "setConsent", new Object[] { "full" }, new String[] { String.class.getName() }))
                    .isEqualTo("Consent set to full; effective: full (from runtime-setting)");
            assertThat(jmx.getAttribute(agent, "ConsentLevel")).isEqualTo("full");
            assertThat(Files.readString(dataDirectory().resolve("consent"))).endsWith(" 1.0.7\n");
            assertThat(audit()).hasSize(3).last().isEqualTo("basic -> full source=runtime-setting;by=jmx:operator");
        }
    }

    private List<String> audit() throws Exception {
        Path file = dataDirectory().resolve("consent-audit.log");
        return Files.readAllLines(file).stream().map(line -> line.substring(line.indexOf(' ') + 1)).toList();
    }
}
