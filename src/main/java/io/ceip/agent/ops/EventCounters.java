package io.ceip.agent.ops;

import java.util.function.LongSupplier;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;

/**
 * The product events' counters since start (from the spool and the HTTP intake, {@code events.EventSpool}), over JMX as
 * {@value #OBJECT_NAME} and, with metrics on, as {@code ceip_events_*} ({@link AgentMeters}). Counts only: no name,
 * message or path of an event.
 */
@ManagedResource(description = "CEIP agent: product events from the spool and the HTTP intake, counters since start")
public class EventCounters {

    /** The JMX name, beside the agent's ({@link AgentManagement#OBJECT_NAME}); stable across versions. */
    public static final String OBJECT_NAME = "org.apache.camel:context=ceip-agent,type=ceip,name=events";

    private final LongSupplier accepted;
    private final LongSupplier refusedLines;
    private final LongSupplier refusedFiles;
    private final LongSupplier overflowed;
    private final LongSupplier deletedUnread;

    public EventCounters(LongSupplier accepted, LongSupplier refusedLines, LongSupplier refusedFiles,
            LongSupplier overflowed, LongSupplier deletedUnread) {
        this.accepted = accepted;
        this.refusedLines = refusedLines;
        this.refusedFiles = refusedFiles;
        this.overflowed = overflowed;
        this.deletedUnread = deletedUnread;
    }

    @ManagedAttribute(description = "Events accepted from spool files and the HTTP intake since start")
    public long getAccepted() {
        return accepted.getAsLong();
    }

    @ManagedAttribute(description = "Spool lines refused (not an event, too long, undeclared type) since start")
    public long getRefusedLines() {
        return refusedLines.getAsLong();
    }

    @ManagedAttribute(description = "Spool files refused unread (too big, a link, unreadable) since start")
    public long getRefusedFiles() {
        return refusedFiles.getAsLong();
    }

    @ManagedAttribute(description = "Events counted under 'other' because a bound (names, fingerprints) was reached,"
            + " since start")
    public long getOverflowed() {
        return overflowed.getAsLong();
    }

    @ManagedAttribute(description = "Spool files deleted unread because consent was below full, since start")
    public long getDeletedUnread() {
        return deletedUnread.getAsLong();
    }
}
