package io.ceip.agent.outbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stored reports this process works on at the moment (delivers, evicts, requeues, deletes), each by one thread
 * only: claimed here, so that no other thread takes it meanwhile.
 */
final class ReportClaims {

    private final Set<String> claims = ConcurrentHashMap.newKeySet();

    /** Claims {@code reportId}: false when it is claimed already. */
    boolean take(String reportId) {
        return claims.add(reportId);
    }

    /** Claims a new report, which no one else has (its ID is new). */
    void takeNew(String reportId) {
        claims.add(reportId);
    }

    /** Lets {@code reportId} go. */
    void release(String reportId) {
        claims.remove(reportId);
    }

    /** Whether this process has {@code reportId} claimed. */
    boolean contains(String reportId) {
        return claims.contains(reportId);
    }
}
