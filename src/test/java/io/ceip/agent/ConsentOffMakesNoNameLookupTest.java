package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.LookupRecorder;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Off means silent: with consent off, a start, the start-up report, {@code sendNow}, {@code preview} and a stop make
 * no name lookup (not even of the machine's own name, as Camel's JMX naming did) and open no connection, as recorded
 * by {@link LookupRecorder}. {@code SilentWhenOffIT} checks the same of the packaged jar in a JVM of its own, from its
 * first line (logging's start included), and of preview, export and status.
 */
class ConsentOffMakesNoNameLookupTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("removal")
    void aStartWithConsentOffAsksNoNameAndConnectsNowhere() throws Exception {
        Main main = AgentCommand.newMain(Map.of("ceip.consent.default", "off", "ceip.data.directory", dir.toString(),
                "ceip.database.url", "jdbc:h2:mem:silent-" + System.nanoTime(),
                // a name, not an address: resolving it would be a lookup the test sees
                "ceip.endpoint.url", "https://telemetry.vendor.example/v1/reports",
                "ceip.collector.enabled", "false", "ceip.schedule.initial-delay", "10",
                "ceip.dead-letter.replay-enabled", "false"));
        LookupRecorder recorder = new LookupRecorder();
        System.setSecurityManager(recorder);
        try {
            main.init(); // the context exists, nothing started: the builder below cannot miss the start-up report
            NotifyBuilder startupReport = new NotifyBuilder(main.getCamelContext())
                    .fromRoute("ceip-startup-report").whenDone(1).create();
            main.start();
            assertThat(startupReport.matches(20, TimeUnit.SECONDS)).as("the start-up report ran").isTrue();
            AgentManagement management = main.getCamelContext().getRegistry()
                    .lookupByNameAndType("agentManagement", AgentManagement.class);
            assertThat(management.sendNow()).contains("off");
            assertThat(management.preview()).startsWith("Consent is off");
            main.stop();
        } finally {
            System.setSecurityManager(null);
            main.stop();
        }
        // an earlier test's JMX client in this JVM renews its RMI leases on a thread of its own (RMI RenewClean-…):
        // not the agent's; SilentWhenOffIT watches a JVM of the agent's own
        assertThat(recorder.asked()).as("name lookups and connections")
                .filteredOn(line -> !line.contains(" on RMI RenewClean-")).isEmpty();
    }
}
