package io.ceip.agent.ops;

import io.ceip.agent.outbox.AgentStatus;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN when the endpoint has failed {@code ceip.health.failed-cycles} delivery cycles in a row (a new
 * report's delivery or a replay that ended failed or rejected, {@link AgentStatus#failedInARow()}), naming how many
 * and the last outcome (HTTP status or error class: never a URL or an answer); UP again with the next delivery.
 * The count starts at 0 with each start of the agent.
 */
public final class DeliveryHealthCheck extends AbstractHealthCheck {

    private final AgentStatus status;
    private final long failedCycles;

    public DeliveryHealthCheck(AgentStatus status, long failedCycles) {
        super("ceip", "delivery");
        this.status = status;
        this.failedCycles = failedCycles;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        long failed = status.failedInARow();
        builder.detail("failed-cycles-in-a-row", failed);
        if (failed < failedCycles) {
            builder.up();
            return;
        }
        builder.message("the endpoint (ceip.endpoint.url) failed " + failed + " delivery cycle(s) in a row"
                + " (ceip.health.failed-cycles=" + failedCycles + "), last: " + HealthText.plain(status.lastStatus())
                + (status.lastAttempt() == null ? "" : " at " + status.lastAttempt())).down();
    }
}
