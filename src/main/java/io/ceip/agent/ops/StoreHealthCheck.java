package io.ceip.agent.ops;

import io.ceip.agent.outbox.AgentStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while the dead-letter store cannot be written, with the cause and how many reports are kept in
 * memory meanwhile ({@link AgentStatus#storeProblem()}), or while its lock file cannot be locked, so that no process
 * replays it ({@link AgentStatus#lockProblem()}); UP again once a write succeeds and the lock is taken. Not a liveness
 * check: a restart would lose the reports kept in memory. Each destination's store counts: the vendor's, and the
 * customer's own ({@code the store of the customer destination: …}), which was not looked at (readiness UP while its
 * copies were kept in memory, then lost).
 */
public final class StoreHealthCheck extends AbstractHealthCheck {

    private final AgentStatus status;
    private final Map<String, AgentStatus> others;

    /** The vendor's store alone. */
    public StoreHealthCheck(AgentStatus status) {
        this(status, Map.of());
    }

    /** @param others the stores of the destinations beside the vendor's, by name ({@code customer}) */
    public StoreHealthCheck(AgentStatus status, Map<String, AgentStatus> others) {
        super("ceip", "dead-letter-store");
        this.status = status;
        this.others = Map.copyOf(others);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("lostReports", status.lostReports());
        List<String> problems = new ArrayList<>();
        status.storeProblem().or(status::lockProblem).ifPresent(problems::add);
        new TreeMap<>(others).forEach((name, other) -> other.storeProblem().or(other::lockProblem)
                .ifPresent(problem -> problems.add("the store of the " + name + " destination: " + problem)));
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.message(HealthText.plain(String.join("; ", problems))).down();
        }
    }
}
