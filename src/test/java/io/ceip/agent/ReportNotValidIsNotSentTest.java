package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent never sends a report that is not valid against its schema: a redaction rule that removes a required
 * field (here the secret key {@code generatedAt}) leaves a report that fails the final validation; it is neither
 * stored nor sent, and one line says so, naming the report, where and the keyword (never a value).
 */
class ReportNotValidIsNotSentTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        try {
            Path rules = Files.createTempFile("rules-removing-generatedAt", ".yaml");
            Files.writeString(rules, "secret-keys:\n  - generatedAt\ndetectors:\n  email: '[a-z]+@[a-z]+\\.org'\n");
            rules.toFile().deleteOnExit();
            return with("ceip.redaction.rules-file", rules.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aReportMissingARequiredFieldIsNeitherSentNorStoredAndOneLineSaysWhy() {
        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();

            assertThat(server().connections()).isZero();
            assertThat(deadLetters().entries()).isEmpty();
            assertThat(log.all()).containsPattern("Report [0-9a-f-]{36} not sent: it is not valid against"
                    + " report-schema.json \\(1 problem\\(s\\), first .*generatedAt.*: required\\)")
                    .as("the validator knows the schema's own keywords").doesNotContain("Unknown keyword");
        }
    }

    @Test
    void sendNowAndTheSendCommandSayTheReportIsInvalidAndExitSix() throws Exception {
        CommandRun run = sendCommand();

        assertThat(run.exitCode()).isEqualTo(6);
        assertThat(run.out()).matches("Report [0-9a-f-]{36} not sent: invalid report, not valid against"
                + " report-schema.json \\(the log names the problem\\)\\R");
        assertThat(management().sendNow()).contains("not sent: invalid report").doesNotContain("delivered");
        assertThat(server().connections()).isZero();
    }

    /** The preview says the report would not be sent, and why; the export writes nothing (it wrote it, EXPORTED). */
    @Test
    void thePreviewSaysItWouldNotBeSentAndTheExportWritesNothing() {
        String preview = management().preview();
        String exported = management().exportReport("report.json.gz");

        assertThat(preview.lines().findFirst().orElseThrow()).matches("Would not be sent: it is not valid against"
                + " report-schema.json \\(1 problem\\(s\\), first .*generatedAt.*: required\\)");
        assertThat(exported).startsWith("Not exported: the report would not be sent (it is not valid against"
                + " report-schema.json").endsWith("nothing exported");
        assertThat(dataDirectory().resolve("report.json.gz")).doesNotExist();
        assertThat(dataDirectory().resolve("ledger.log")).doesNotExist();
        assertThat(server().connections()).isZero();
    }
}
