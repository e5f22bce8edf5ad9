package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent withdrawn with the {@code consent} command and given again before the running agent's next replay (an
 * administrator changing their mind, or the agent stopped meanwhile): the report kept from before the withdrawal is
 * deleted unsent and audited, never delivered; a report collected after the new consent is. The running agent does
 * not record the command's changes in the audit log a second time.
 */
class KeptReportsCollectedBeforeAWithdrawalNeverLeaveTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full");
    }

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    /** {@code ceip-agent consent <level>}, run in this JVM over the running agent's data directory. */
    private void consentCommand(String level) throws Exception {
        Path config = Files.writeString(dataDirectory().resolveSibling("command-" + UUID.randomUUID() + ".properties"),
                String.join("\n", "ceip.data.directory=" + dataDirectory(), "ceip.consent.default=full",
                        "ceip.database.url=jdbc:h2:mem:command-" + UUID.randomUUID(), "ceip.collector.enabled=false",
                        ""));
        System.setProperty("ceip.config", config.toString());
        assertThat(run("consent", level).code()).isZero();
    }

    @Test
    void aReportKeptFromBeforeTheWithdrawalIsDeletedUnsentThoughConsentIsGivenAgain() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        String kept = deadLetters().pending().get(0).reportId();
        int received = server().received().size();

        consentCommand("off");
        consentCommand("basic");

        assertThat(management().replayDeadLetters())
                .isEqualTo("0 delivered, 1 deleted unsent (consent withdrawn), 0 still pending");
        assertThat(server().received()).as("the kept report never reached the collector").hasSize(received);
        assertThat(deadLetters().entries()).isEmpty();
        String audit = Files.readString(dataDirectory().resolve("consent-audit.log"));
        assertThat(audit).containsPattern("report " + kept + " deleted unsent: consent withdrawn at \\S+Z after it"
                + " was collected\n");
        assertThat(audit.lines().filter(line -> line.contains(" -> ")).map(line -> line.substring(line.indexOf(' '))))
                .as("each change once, though the agent and the command each decided")
                .containsExactly(" none -> full source=config:ceip.consent.default",
                        " full -> off source=runtime-setting;by=cli:" + System.getProperty("user.name"),
                        " off -> basic source=runtime-setting;by=cli:" + System.getProperty("user.name"));

        runReportCycle();
        assertThat(server().received()).as("a report collected under the new consent is delivered")
                .hasSize(received + 1);
        assertThat(parse(server().received().get(received).json()).get("consentLevel").asText()).isEqualTo("basic");
    }
}
