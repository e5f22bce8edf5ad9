package io.ceip.agent;

import io.ceip.agent.events.ConsentChanges;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * The poll strategy of the route {@code ceip-consent-watch} ({@code pollStrategy: "#consentWatchPolls"}): its scheduler
 * looks every second, but makes an exchange only when {@code data/consent} changed
 * ({@link ConsentChanges#changedSinceLastLook}). An exchange a second kept camel-main's idle check
 * ({@code camel.durationIdle}) from ever seeing the agent idle. A failed look is not retried at once: the next second's
 * look is the retry.
 */
final class ConsentWatchPolls implements PollingConsumerPollStrategy {

    private final ConsentChanges changes;

    ConsentWatchPolls(ConsentChanges changes) {
        this.changes = changes;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return changes.changedSinceLastLook();
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        // nothing to do: the look's work is the route's
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false;
    }
}
