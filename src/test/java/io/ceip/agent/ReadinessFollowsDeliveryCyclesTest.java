package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.ManagementServer;
import io.ceip.agent.support.ManagementServer.Answer;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness over real HTTP (Camel's /observe/health on the management server, metrics off) follows the delivery
 * cycles: UP after a delivery, DOWN naming the cause once the endpoint has failed ceip.health.failed-cycles cycles in
 * a row, UP again after the next delivery; liveness stays UP; JMX getHealth says what the HTTP answer says.
 */
class ReadinessFollowsDeliveryCyclesTest extends AgentTestSupport {

    private ManagementServer management;

    @Override
    protected Properties overrides() {
        management = new ManagementServer(FreePort.next());
        Properties properties = management.settings(false);
        properties.setProperty("ceip.health.failed-cycles", "2");
        return properties;
    }

    @Test
    void downAfterTheConfiguredFailedCyclesNamingTheCauseAndUpAgainAfterADelivery() {
        server().reply(Reply.status(202));
        runReportCycle();
        assertUp("/observe/health/ready");
        assertThat(check(management.get("/observe/health/ready"), "delivery").get("status").asText()).isEqualTo("UP");

        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        assertUp("/observe/health/ready");

        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        Answer ready = management.get("/observe/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        JsonNode answer = parse(ready.body());
        assertThat(answer.get("status").asText()).isEqualTo("DOWN");
        String message = check(ready, "delivery").get("message").asText();
        assertThat(message).startsWith("the endpoint (ceip.endpoint.url) failed 2 delivery cycle(s) in a row"
                + " (ceip.health.failed-cycles=2), last: HTTP 503 at ").doesNotContain(server().url())
                .doesNotContain("localhost");
        assertThat(check(management.get("/observe/health"), "delivery").get("status").asText()).isEqualTo("DOWN");
        assertUp("/observe/health/live");

        AgentManagement jmx = context.getRegistry().lookupByNameAndType("agentManagement", AgentManagement.class);
        assertThat(jmx.getHealth()).as("JMX reads the same checks").startsWith("readiness DOWN (delivery DOWN: "
                + message + ")").endsWith("liveness UP (context)");

        runReportCycle(); // 202: delivered, and the two kept reports replayed
        assertUp("/observe/health/ready");
        assertThat(jmx.getHealth()).startsWith("readiness UP (").contains("delivery");
        assertThat(deadLetters().entries()).isEmpty();
    }

    @Test
    void aRejectionCountsAsAFailedCycle() {
        server().reply(Reply.status(400), Reply.status(401));
        runReportCycle();
        assertUp("/observe/health/ready");
        runReportCycle();
        assertThat(check(management.get("/observe/health/ready"), "delivery").get("message").asText())
                .contains("failed 2 delivery cycle(s) in a row", "last: HTTP 401");
    }

    private void assertUp(String path) {
        Answer answer = management.get(path);
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        assertThat(parse(answer.body()).get("status").asText()).isEqualTo("UP");
    }

    /** The check named {@code name} in a health answer (exposure level full: every check). */
    static JsonNode check(Answer answer, String name) {
        for (JsonNode check : parse(answer.body()).get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + answer.body());
    }
}
