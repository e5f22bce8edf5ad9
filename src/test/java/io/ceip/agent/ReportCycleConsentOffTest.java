package io.ceip.agent;

import io.ceip.agent.ops.ReportPreview;
import io.ceip.agent.support.AgentTestSupport;

import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent off over several scheduled cycles: no collection statement, no connection, no file but the audit, the
 * consent level the product reads ({@code consent-level}: {@code off}, so that it records no events), the empty
 * {@code events.lock} (which process owns the events) and the schedule's time zone for {@code status}
 * ({@code schedule-time-zone}: the agent JVM's zone ID, nothing collected).
 */
class ReportCycleConsentOffTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "off",
                "ceip.schedule.enabled", "true",
                "ceip.schedule.cron", "* * * * * ?", "ceip.schedule.allow-frequent", "true",
                "ceip.schedule.initial-delay", "10",
                "ceip.dead-letter.replay-enabled", "true",
                "ceip.dead-letter.replay-period", "100");
    }

    @Test
    void consentOffRunsNoStatementOpensNoConnectionAndWritesOnlyTheAudit() throws Exception {
        int statementsBefore = database().executedStatements().size();
        NotifyBuilder cycles = new NotifyBuilder(context).fromRoute("ceip-schedule").whenDone(3).create();
        NotifyBuilder replays = new NotifyBuilder(context).fromRoute("ceip-replay").whenDone(3).create();

        assertThat(cycles.matches(20, TimeUnit.SECONDS)).as("three scheduled cycles ran").isTrue();
        assertThat(replays.matches(20, TimeUnit.SECONDS)).as("three replays ran").isTrue();
        String preview = context.getRegistry().lookupByNameAndType("reportPreview", ReportPreview.class).preview();

        assertThat(database().executedStatements()).hasSize(statementsBefore);
        assertThat(server().connections()).isZero();
        assertThat(server().received()).isEmpty();
        assertThat(preview).startsWith("Consent is off (from config:ceip.consent.default)");
        try (Stream<java.nio.file.Path> files = Files.walk(dataDirectory())) {
            assertThat(files.filter(Files::isRegularFile).map(f -> dataDirectory().relativize(f).toString()))
                    .containsExactlyInAnyOrder("consent-audit.log", "consent-level", "events.lock",
                            "schedule-time-zone");
            assertThat(dataDirectory().resolve("events.lock")).isEmptyFile();
            assertThat(Files.readString(dataDirectory().resolve("schedule-time-zone")).strip())
                    .isEqualTo(java.util.TimeZone.getDefault().getID());
        }
        assertThat(Files.readString(dataDirectory().resolve("consent-level"))).isEqualTo("off\n");
        assertThat(Files.readAllLines(dataDirectory().resolve("consent-audit.log"))).singleElement()
                .asString().endsWith("none -> off source=config:ceip.consent.default");
    }
}
