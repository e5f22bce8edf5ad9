package io.ceip.agent.ops;

import io.ceip.agent.outbox.AgentStatus;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while the dead-letter store cannot be written, with the cause and how many reports are kept in
 * memory meanwhile ({@link AgentStatus#storeProblem()}), or while its lock file cannot be locked, so that no process
 * replays it ({@link AgentStatus#lockProblem()}); UP again once a write succeeds and the lock is taken. Not a liveness
 * check: a restart would lose the reports kept in memory.
 */
public final class StoreHealthCheck extends AbstractHealthCheck {

    private final AgentStatus status;

    public StoreHealthCheck(AgentStatus status) {
        super("ceip", "dead-letter-store");
        this.status = status;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("lostReports", status.lostReports());
        status.storeProblem().or(status::lockProblem).ifPresentOrElse(problem -> builder.message(
                HealthText.plain(problem)).down(), builder::up);
    }
}
