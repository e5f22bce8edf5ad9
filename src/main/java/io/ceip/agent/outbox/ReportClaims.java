package io.ceip.agent.outbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The stored reports this process works on at the moment (delivers, evicts, requeues, deletes), each by one thread
 * only: claimed here and held for this process in the store's lock file ({@link StoreOwnership#hold}), so that
 * neither another thread nor another process on the same store takes it meanwhile.
 */
final class ReportClaims {

    private final Set<String> claims = ConcurrentHashMap.newKeySet();
    private final StoreOwnership ownership;
    private final Consumer<String> lockProblem;

    ReportClaims(StoreOwnership ownership) {
        this(ownership, problem -> { });
    }

    /** @param lockProblem told, at each {@link #owned}, why the lock file cannot be locked, or null when it can */
    ReportClaims(StoreOwnership ownership, Consumer<String> lockProblem) {
        this.ownership = ownership;
        this.lockProblem = lockProblem;
    }

    /** Whether this process owns the store ({@link StoreOwnership#owned}). */
    boolean owned() {
        boolean owned = ownership.owned();
        String failure = ownership.failure();
        lockProblem.accept(failure == null ? null : "the dead-letter store's " + failure
                + ": no process owns the store, its pending reports are never replayed");
        return owned;
    }

    /** Claims {@code reportId}: false when this process or another has it. */
    boolean take(String reportId) {
        if (!claims.add(reportId)) {
            return false;
        }
        if (!ownership.hold(reportId)) {
            claims.remove(reportId);
            return false;
        }
        return true;
    }

    /**
     * Claims a new report, which no one else has (its ID is new); in the lock file too, unless its byte is taken (or
     * the store is not made yet: then again once it is).
     */
    void takeNew(String reportId) {
        claims.add(reportId);
        ownership.hold(reportId);
    }

    /** Lets {@code reportId} go. */
    void release(String reportId) {
        ownership.release(reportId);
        claims.remove(reportId);
    }

    /** Whether this process has {@code reportId} claimed. */
    boolean contains(String reportId) {
        return claims.contains(reportId);
    }
}
