package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent's MBean, read and operated through the agent's own remote JMX connector (RMI on loopback). */
class AgentManagementJmxTest extends AgentTestSupport {

    private int jmxPort;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        jmxPort = FreePort.next();
        Properties properties = remoteJmx(jmxPort, "operator s3cret-pass\n", "operator readwrite\n");
        properties.setProperty("ceip.schedule.enabled", "true");
        properties.setProperty("ceip.schedule.initial-delay", "3600000");
        return properties;
    }

    @Test
    void attributesAndOperationsOverRemoteJmx() throws Exception {
        assertThatThrownBy(() -> connectJmx(jmxPort, "operator", "wrong")).isInstanceOf(SecurityException.class);

        try (JMXConnector connector = connectJmx(jmxPort, "operator", "s3cret-pass")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName agent = new ObjectName(AgentManagement.OBJECT_NAME);

            assertThat(jmx.queryNames(new ObjectName("org.apache.camel:context=ceip-agent,type=routes,*"), null))
                    .as("the agent's MBean sits next to Camel's own").isNotEmpty();
            assertThat(jmx.queryNames(new ObjectName("org.apache.camel:context=ceip-agent,type=processors,*"), null))
                    .as("no MBean per processor (camel.main.jmx-management-m-beans-level=RoutesOnly)").isEmpty();
            assertThat(jmx.getAttribute(agent, "InstallationId")).as("created by the first report").isEqualTo("");
            assertThat(jmx.getAttribute(agent, "ConsentLevel")).isEqualTo("basic");
            assertThat(jmx.getAttribute(agent, "ConsentSource")).isEqualTo("config:ceip.consent.default");
            assertThat((String) jmx.getAttribute(agent, "Schedule")).endsWith(" 3 * * ?");
            assertThat((String) jmx.getAttribute(agent, "NextFireTime")).matches("\\d{4}-.*T03:.*Z");
            assertThat((String) jmx.getAttribute(agent, "Health")).startsWith("readiness UP")
                    .contains("data-directory", "route:ceip-report, ")
                    .as("a route off by its setting (ceip.events.http.enabled=false) is not shown as running")
                    .contains("route:ceip-events-http (stopped)");
            assertThat(jmx.getAttribute(agent, "LastCollectionDurationMillis")).isEqualTo(-1L);

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
            assertThat(jmx.getAttribute(agent, "BytesSent")).isEqualTo((long) server().received().get(0).rawBody().length);
            assertThat((Long) jmx.getAttribute(agent, "LastCollectionDurationMillis")).isNotNegative();
            assertThat(jmx.getAttribute(agent, "LastCollectionPartial")).isEqualTo(false);
            assertThat((String) jmx.getAttribute(agent, "LastSuccessTime")).isNotBlank();

            server().reply(Reply.status(400, "no"));
            assertThat((String) jmx.invoke(agent, "sendNow", new Object[0], new String[0]))
                    .endsWith("not delivered (HTTP 400); stored as rejected");
            assertThat(jmx.getAttribute(agent, "DeadLetterRejected")).isEqualTo(1L);
            assertThat((Long) jmx.getAttribute(agent, "DeadLetterBytes")).isPositive();
            assertThat(jmx.invoke(agent, "requeueRejected", new Object[0], new String[0]))
                    .isEqualTo("1 rejected report(s) requeued");
            assertThat(Files.readString(dataDirectory().resolve("ledger.log")).lines().reduce((a, b) -> b)
                    .orElseThrow()).as("ledgered as the requeue command does").contains(" " + server().received()
                            .get(1).header("Idempotency-Key") + " sha256=").endsWith(" outcome=REQUEUED attempt=1 destination=vendor");
            assertThat(jmx.getAttribute(agent, "DeadLetterPending")).isEqualTo(1L);
            assertThat(jmx.invoke(agent, "replayDeadLetters", new Object[0], new String[0]))
                    .isEqualTo("1 delivered, 0 still pending");
            assertThat(server().received()).hasSize(3);

            server().reply(Reply.status(401, "token not valid for this product"));
            assertThat((String) jmx.invoke(agent, "sendNow", new Object[0], new String[0]))
                    .endsWith("stored as rejected (check ceip.endpoint.token and ceip.product.name; then requeue, or"
                            + " requeue --discard)");
            assertThat(jmx.invoke(agent, "discardRejected", new Object[0], new String[0]))
                    .isEqualTo("1 rejected report(s) deleted unsent");
            assertThat(jmx.getAttribute(agent, "DeadLetterRejected")).isEqualTo(0L);
            assertThat(Files.readString(dataDirectory().resolve("ledger.log")).lines().reduce((a, b) -> b)
                    .orElseThrow()).contains(" " + server().received().get(3).header("Idempotency-Key") + " sha256=")
                    .endsWith(" outcome=DISCARDED attempt=1 destination=vendor");

            server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
            jmx.invoke(agent, "sendNow", new Object[0], new String[0]);
            String purged = server().received().get(server().received().size() - 1).header("Idempotency-Key");
            try (LogCapture log = LogCapture.attach()) {
                assertThat(jmx.invoke(agent, "purgeDeadLetters", new Object[0], new String[0]))
                        .isEqualTo("1 report(s) deleted from the dead-letter store");
                assertThat(log.shown()).contains("1 report(s) purged from the dead-letter store, unsent (JMX)");
            }
            assertThat(jmx.getAttribute(agent, "DeadLetterPending")).isEqualTo(0L);
            assertThat(Files.readString(dataDirectory().resolve("ledger.log")).lines().reduce((a, b) -> b)
                    .orElseThrow()).as("a purged report is in the ledger, not lost without a trace")
                    .contains(" " + purged + " sha256=").endsWith(" outcome=PURGED attempt=4 destination=vendor");

            Path export = dataDirectory().resolve("report.json.gz");
            String exported = (String) jmx.invoke(agent, "exportReport", new Object[] { export.toString() },
                    new String[] { String.class.getName() });
            assertThat(exported).startsWith("Report ").contains("exported to " + export);
            assertThat(export).exists();
            assertThat(export.resolveSibling("report.json.gz.json")).exists();
            assertThat(jmx.invoke(agent, "exportReport", new Object[] { " " }, new String[] { String.class.getName() }))
                    .isEqualTo("Not exported: a file path is required");

            String refused = (String) jmx.invoke(agent, "setConsent", new Object[] { "maybe" },
                    new String[] { String.class.getName() });
            assertThat(refused).startsWith("Not changed: unknown consent level 'maybe'");
            jmx.invoke(agent, "setConsent", new Object[] { "off" }, new String[] { String.class.getName() });
            assertThat(jmx.getAttribute(agent, "ConsentLevel")).isEqualTo("off");
            assertThat(jmx.getAttribute(agent, "ConsentSource")).isEqualTo("runtime-setting");
            int before = server().received().size();
            assertThat((String) jmx.invoke(agent, "sendNow", new Object[0], new String[0]))
                    .startsWith("Nothing sent: consent is off");
            assertThat(server().received()).hasSize(before);
        }
    }
}
