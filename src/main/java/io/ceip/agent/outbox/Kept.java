package io.ceip.agent.outbox;

/** Where a report is after the routes recorded its outcome ({@link DeliveryQueue}). */
public enum Kept {
    /** In the dead-letter store, with the outcome recorded. */
    DISK,
    /** In memory: the store cannot be written (at most {@code ceip.dead-letter.memory-entries} reports). */
    MEMORY,
    /** No longer anywhere: purged or evicted meanwhile, or set aside as not the store's own ({@link #GONE}). */
    NOWHERE,
    /** In the store as it was before, still pending: the store cannot be written, so the outcome is not recorded. */
    DISK_AS_IT_WAS;

    /** What the log lines and answers say of a report kept {@link #NOWHERE}. */
    public static final String GONE = "no longer stored (purged, evicted, or set aside as not the store's own,"
            + " meanwhile)";
}
