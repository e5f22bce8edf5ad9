package io.ceip.agent;

import io.ceip.agent.config.Settings;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryQueue;

/**
 * The outbox stage: the dead-letter store (every report is stored before it is sent; recovered at start), the
 * delivery queue in front of it (claims, and the reports kept in memory while the store cannot be written) and the
 * delivery ledger (every attempt), from which the agent's status is restored.
 */
final class OutboxConfiguration {

    /** What later stages need: the store, its delivery queue and the ledger. */
    record Outbox(DeadLetterStore store, DeliveryQueue queue, DeliveryLedger ledger) {
    }

    private OutboxConfiguration() {
    }

    /** The delivery ledger, {@code ledger.log} in {@code dataDirectory}, rotated as the settings say. */
    static DeliveryLedger ledger(Settings settings, java.nio.file.Path dataDirectory, java.time.Clock clock) {
        return new DeliveryLedger(dataDirectory.resolve("ledger.log"), settings.number("ceip.ledger.max-bytes"),
                (int) settings.number("ceip.ledger.keep-files"), clock);
    }

    static Outbox configure(Wiring wiring, AgentStatus status) throws Exception {
        Settings settings = wiring.settings();
        DeadLetterStore store = new DeadLetterStore(settings.path("ceip.dead-letter.directory"), wiring.mapper(),
                wiring.clock(), (int) settings.number("ceip.dead-letter.max-entries"),
                settings.number("ceip.dead-letter.max-bytes"));
        DeliveryLedger ledger = ledger(settings, wiring.dataDirectory(), wiring.clock());
        status.restore(ledger);
        int quarantined = store.recover();
        if (quarantined > 0) {
            Wiring.LOG.warn("Dead-letter store: {} entr{} or stray file{} quarantined in {}; never sent", quarantined,
                    quarantined == 1 ? "y" : "ies", quarantined == 1 ? "" : "s",
                    store.directory().resolve("quarantine"));
        }
        return new Outbox(store, new DeliveryQueue(store, status, (int) settings.number("ceip.dead-letter.memory-entries"),
                wiring.clock()), ledger);
    }
}
