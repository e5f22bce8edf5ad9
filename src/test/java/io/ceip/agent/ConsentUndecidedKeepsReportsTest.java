package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's consent setting that cannot be read (its database restarting, the query timing out) is no withdrawal
 * of consent: nothing is sent, but a kept report is kept (a replay stops at it, the audit records no change and no
 * deletion), and it is sent once consent is known again. Before, such a report was deleted unsent and audited as
 * withdrawn.
 */
class ConsentUndecidedKeepsReportsTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        database().execute("CREATE TABLE product_option (option_key VARCHAR(50), option_value VARCHAR(20))",
                "INSERT INTO product_option VALUES ('send_statistics', 'full')");
        return with("ceip.consent.query",
                "SELECT option_value FROM product_option WHERE option_key = 'send_statistics'");
    }

    @Test
    void aKeptReportWaitsWhileConsentIsUndecidedAndIsSentOnceItIsKnown() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        String reportId = deadLetters().pending().get(0).reportId();
        int connections = server().connections();
        database().execute("DROP TABLE product_option");

        try (LogCapture log = LogCapture.attach()) {
            assertThat(management().replayDeadLetters()).isEqualTo("0 delivered, 1 still pending (stopped: consent"
                    + " undecided, the product's consent setting could not be read)");

            assertThat(log.all()).contains("Report " + reportId + " not sent now: consent undecided, the product's"
                    + " consent setting could not be read; kept for the next replay, nothing deleted");
        }
        assertThat(server().connections()).as("nothing sent").isEqualTo(connections);
        DeadLetter kept = deadLetters().pending().get(0);
        assertThat(kept.reportId()).isEqualTo(reportId);
        assertThat(kept.lastStatus()).startsWith("consent undecided");
        assertThat(kept.attempts()).as("no attempt was made").isEqualTo(4);
        assertThat(Files.readString(dataDirectory().resolve("consent-audit.log")))
                .doesNotContain("deleted unsent").doesNotContain("unreadable");
        assertThat(sendCommand().out()).startsWith("Nothing sent: consent cannot be decided (the product's consent"
                + " setting could not be read); kept reports stay kept");
        assertThat(deadLetters().pending()).hasSize(1);
        assertThat(management().preview()).as("as send says it: not 'off'").isEqualTo("Consent cannot be decided"
                + " (the product's consent setting could not be read, see the log): nothing would be collected or"
                + " sent, and kept reports stay kept.");

        assertThat(management().setConsent("basic")).as("a runtime consent does not decide over a product setting"
                + " that cannot be read: it could say off").isEqualTo("Consent set to basic; effective: off (from"
                + " product-setting:unreadable)");
        assertThat(deadLetters().pending()).hasSize(1);
        database().execute("CREATE TABLE product_option (option_key VARCHAR(50), option_value VARCHAR(20))",
                "INSERT INTO product_option VALUES ('send_statistics', 'full')");
        assertThat(management().setConsent("basic")).as("an administrator's change asks the product again at once")
                .isEqualTo("Consent set to basic; effective: basic (from runtime-setting)");

        assertThat(management().replayDeadLetters()).isEqualTo("1 delivered, 0 still pending");
        assertThat(server().received().get(server().received().size() - 1).header("Idempotency-Key"))
                .isEqualTo(reportId);
    }

    @Test
    void consentUndecidedDuringTheRetriesOfACycleStopsThemAndKeepsTheReport() {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503));
        server().onRequest(() -> database().execute("DROP TABLE IF EXISTS product_option"));

        runReportCycle();

        assertThat(server().received()).as("no retry once consent is undecided").hasSize(1);
        assertThat(deadLetters().pending()).hasSize(1);
        assertThat(deadLetters().pending().get(0).lastStatus()).startsWith("consent undecided");
    }
}
