package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentWithdrawnBeforeDeliveryTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full");
    }

    @Test
    void aStoredReportIsDeletedUnsentWhenConsentIsWithdrawnAndTheAuditSaysSo() throws Exception {
        serverUnavailableForOneCycle();
        runReportCycle();
        String reportId = deadLetters().pending().get(0).reportId();
        int connections = server().connections();

        consent().set(ConsentLevel.OFF);
        assertThat(management().replayDeadLetters()).as("the JMX answer counts the deletion")
                .isEqualTo("0 delivered, 1 deleted unsent (consent withdrawn), 0 still pending");

        assertThat(server().connections()).as("no connection once consent is off").isEqualTo(connections);
        assertThat(server().received()).hasSize(4);
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(Files.readString(dataDirectory().resolve("consent-audit.log")))
                .contains("full -> off source=runtime-setting")
                .contains("report " + reportId + " deleted unsent: consent off source=runtime-setting")
                .doesNotContain("hosts");
    }

    /** JMX setConsent("off") deletes the kept reports at once (the next replay could be an hour away), audited. */
    @Test
    void consentOffOverJmxDeletesTheKeptReportsAtOnce() throws Exception {
        serverUnavailableForOneCycle();
        runReportCycle();
        String reportId = deadLetters().pending().get(0).reportId();
        int connections = server().connections();

        assertThat(management().setConsent("off")).isEqualTo("Consent set to off; effective: off (from"
                + " runtime-setting); 1 kept report deleted unsent");

        assertThat(deadLetters().entries()).isEmpty();
        assertThat(server().connections()).as("no connection once consent is off").isEqualTo(connections);
        assertThat(Files.readString(dataDirectory().resolve("consent-audit.log")))
                .contains("report " + reportId + " deleted unsent: consent off source=runtime-setting");
        assertThat(management().setConsent("off")).as("nothing left to delete")
                .isEqualTo("Consent set to off; effective: off (from runtime-setting)");
        assertThat(management().setConsent("basic")).isEqualTo("Consent set to basic; effective: basic (from"
                + " runtime-setting)");
    }

    @Test
    void aReportCollectedUnderFullLosesItsFullOnlyFieldsWhenConsentDropsToBasic() {
        serverUnavailableForOneCycle();
        runReportCycle();
        assertThat(parse(server().received().get(0).json()).has("features")).isTrue();

        consent().set(ConsentLevel.BASIC);
        replayDeadLetters();

        JsonNode replayed = parse(server().received().get(4).json());
        assertThat(replayed.get("consentLevel").asText()).isEqualTo("basic");
        assertThat(replayed.has("features")).isFalse();
        assertThat(replayed.at("/usage/hosts").isNumber()).isTrue();
        assertThat(server().received().get(4).header("Idempotency-Key"))
                .isEqualTo(server().received().get(0).header("Idempotency-Key"));
        assertThat(deadLetters().entries()).isEmpty();
    }

    @Test
    void consentWithdrawnDuringTheRetriesOfACycleStopsThem() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503));
        server().onRequest(() -> consent().set(ConsentLevel.OFF));

        runReportCycle();

        assertThat(server().received()).as("the retries after the withdrawal never reach the server").hasSize(1);
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(Files.readString(dataDirectory().resolve("consent-audit.log"))).contains("deleted unsent");
    }

    /** Four 503 answers: the first attempt and its three retries fail, the report stays pending. */
    private void serverUnavailableForOneCycle() {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
    }

    private ConsentPolicy consent() {
        return context.getRegistry().lookupByNameAndType("consentPolicy", ConsentPolicy.class);
    }
}
