package io.ceip.agent.ops;

import io.ceip.agent.outbox.AgentStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness checks on their own: the delivery check counts failed and rejected cycles in a row and a delivery
 * resets it; the data-directory check says why a directory cannot be written (even for root: a path under a regular
 * file); every message is one plain line whatever the text it quotes.
 */
class HealthChecksNameTheCauseTest {

    private static final Instant AT = Instant.parse("2026-12-02T11:40:12.345Z");

    @TempDir
    Path dir;

    @Test
    void deliveryIsDownAfterTheConfiguredCyclesInARowAndUpAfterADelivery() {
        AgentStatus status = new AgentStatus();
        DeliveryHealthCheck check = new DeliveryHealthCheck(status, 3);
        assertThat(call(check).getState()).isEqualTo(HealthCheck.State.UP);
        status.failed("HTTP 503", AT);
        status.rejected("HTTP 400", AT);
        assertThat(call(check).getState()).as("2 of 3").isEqualTo(HealthCheck.State.UP);
        status.failed("ConnectException", AT);
        HealthCheck.Result down = call(check);
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValue("the endpoint (ceip.endpoint.url) failed 3 delivery cycle(s) in a row"
                + " (ceip.health.failed-cycles=3), last: ConnectException at 2026-12-02T11:40:12.345Z");
        assertThat(check.isLiveness()).as("a failing endpoint is not a dead agent").isFalse();
        assertThat(check.isReadiness()).isTrue();

        status.delivered("HTTP 202", 100, AT.plusSeconds(60));
        assertThat(call(check).getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(status.failedInARow()).isZero();
        status.failed("HTTP 503", AT);
        assertThat(call(check).getState()).as("counting again from the delivery").isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void aHostileStatusCannotBreakTheMessage() {
        AgentStatus status = new AgentStatus();
        status.failed("HTTP 503\"},{\"name\":\"forged\\\n\u001b[31m\u202e", AT);
        HealthCheck.Result down = call(new DeliveryHealthCheck(status, 1));
        assertThat(down.getMessage().orElseThrow()).contains("last: HTTP 503??,??name?:?forged????31m? at ")
                .doesNotContain("\"").doesNotContain("\\").doesNotContain("\n").doesNotContain("\u001b");
    }

    @Test
    void theDataDirectoryCheckSaysWhy() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(call(new DataDirectoryHealthCheck(file.resolve("data"))).getMessage())
                .hasValue("the data directory (ceip.data.directory) is not writable: a parent of it is not a directory");
        assertThat(call(new DataDirectoryHealthCheck(file)).getMessage())
                .hasValue("the data directory (ceip.data.directory) is not writable: it is not a directory");
        assertThat(call(new DataDirectoryHealthCheck(dir.resolve("not-yet/data"))).getState())
                .as("made by the first report under a writable parent").isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void theStoreCheckNamesTheProblemAsOnePlainLine() {
        AgentStatus status = new AgentStatus();
        assertThat(call(new StoreHealthCheck(status)).getState()).isEqualTo(HealthCheck.State.UP);
        status.storeProblem("disk full\n\"forged\": \"line\"");
        HealthCheck.Result store = call(new StoreHealthCheck(status));
        assertThat(store.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(store.getMessage()).hasValue("disk full??forged?: ?line?");
        status.storeProblem(null);
        assertThat(call(new StoreHealthCheck(status)).getState()).isEqualTo(HealthCheck.State.UP);
    }

    private static HealthCheck.Result call(AbstractHealthCheck check) {
        check.setCamelContext(new DefaultCamelContext());
        return check.call(Map.of());
    }
}
