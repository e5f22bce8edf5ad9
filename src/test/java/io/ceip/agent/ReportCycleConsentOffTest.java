package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCycleConsentOffTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        Properties properties = new Properties();
        properties.setProperty("ceip.consent.default", "off");
        return properties;
    }

    @Test
    void consentOffRunsNoStatementAndOpensNoConnection() {
        int statementsBefore = database().executedStatements().size();

        for (int cycle = 0; cycle < 3; cycle++) {
            runReportCycle();
        }
        String preview = context.getRegistry().lookupByNameAndType("reportPreview",
                io.ceip.agent.report.ReportPreview.class).preview();

        assertThat(database().executedStatements()).hasSize(statementsBefore);
        assertThat(server().connections()).isZero();
        assertThat(server().received()).isEmpty();
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(preview).startsWith("Consent is off");
    }
}
