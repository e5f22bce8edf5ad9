package io.ceip.agent.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A report kept in memory while the dead-letter store could not be written, let go ({@link DeliveryQueue}): past the
 * memory bound, or because the process that kept it ends (a one-shot {@code ceip-agent send}, whose memory ends with
 * it). Lost (one WARN line with its ID, counted), unless its body reached the disk before the store failed: then the
 * next start takes it up, and the line says so instead. Logged as the store.
 */
final class LetGo {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private LetGo() {
    }

    /**
     * Lets {@code reportId} go, {@code why} ending the line; returns true when it is lost (its body is not on disk).
     */
    static boolean report(String reportId, DeadLetterStore store, AgentStatus status, String why) {
        if (store.size(reportId) > 0) {
            LOG.warn("Report {} no longer kept in memory ({}); its body is in the dead-letter store, taken up by the"
                    + " next start", reportId, why);
            return false;
        }
        status.lost();
        LOG.warn("Report {} lost: the dead-letter store cannot be written and {}", reportId, why);
        return true;
    }
}
