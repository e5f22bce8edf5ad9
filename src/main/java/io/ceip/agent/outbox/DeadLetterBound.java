package io.ceip.agent.outbox;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter store's bound ({@code ceip.dead-letter.max-entries}, {@code ceip.dead-letter.max-bytes}): when a
 * new report passes it, the oldest pending entries (never the new one, never a rejected one) are evicted, one WARN
 * line each (logged as the store), and counted.
 */
final class DeadLetterBound {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final int maxEntries;
    private final long maxBytes;
    private final AtomicLong evicted = new AtomicLong();

    DeadLetterBound(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Evicts from {@code store} until it is within the bound, keeping the entry {@code keep}. */
    void enforce(DeadLetterStore store, String keep) {
        synchronized (store) { // as the store's recovery
            List<DeadLetter> entries = store.entries();
            long bytes = store.totalBytes();
            for (DeadLetter oldest : entries) {
                if (entries.size() <= maxEntries && bytes <= maxBytes) {
                    return;
                }
                if (oldest.reportId().equals(keep) || !DeadLetter.PENDING.equals(oldest.state())) {
                    continue;
                }
                long size = store.size(oldest.reportId());
                store.delete(oldest.reportId());
                entries = entries.stream().filter(e -> !e.reportId().equals(oldest.reportId())).toList();
                bytes -= size;
                evicted.incrementAndGet();
                LOG.warn("Dead-letter store full ({} entries, {} bytes at most): oldest pending report {} evicted",
                        maxEntries, maxBytes, oldest.reportId());
            }
        }
    }

    /** Entries evicted since start. */
    long evicted() {
        return evicted.get();
    }
}
