package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.LaterVersions;

import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;

/**
 * The reports a destination's dead-letter store keeps that no replay sends, as numbers a monitor can alert on: the
 * pending ones over {@code ceip.report.max-bytes} (kept as they are: sent once the limit is raised, or purged), and the
 * entries a later version of the agent kept ({@link LaterVersions}: left as they are, for that version to send). What
 * {@code status} says in its {@code dead letters} line; read from the store at each read. The vendor's over JMX as
 * {@value #OBJECT_NAME}; each destination's, with metrics on, as {@code ceip_dead_letter_unsent}
 * ({@link AgentMeters}). Counts only: no report ID.
 */
@ManagedResource(description = "CEIP agent: reports the dead-letter store keeps that no replay sends")
public class KeptUnsent {

    /** The JMX name, beside the agent's ({@link AgentManagement#OBJECT_NAME}); stable across versions. */
    public static final String OBJECT_NAME = "org.apache.camel:context=ceip-agent,type=ceip,name=kept-unsent";

    private final DeadLetterStore store;
    private final long maxBytes;
    private final Supplier<ObjectMapper> mapper;

    /** @param maxBytes {@code ceip.report.max-bytes} */
    public KeptUnsent(DeadLetterStore store, long maxBytes, Supplier<ObjectMapper> mapper) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.mapper = mapper;
    }

    @ManagedAttribute(description = "Pending reports over ceip.report.max-bytes: kept as they are, not sent by a"
            + " replay")
    public long getOverLimit() {
        return store.entries().stream().filter(entry -> DeadLetter.PENDING.equals(entry.state()))
                .filter(entry -> store.size(entry.reportId()) > maxBytes).count();
    }

    @ManagedAttribute(description = "Entries a later version of the agent kept in the store: left as they are, not"
            + " sent, for that version to send when it runs again")
    public long getOfALaterVersion() {
        return LaterVersions.count(store.directory(), mapper.get(),
                store.entries().stream().map(DeadLetter::reportId).collect(Collectors.toSet()));
    }
}
