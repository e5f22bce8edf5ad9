package io.ceip.collector.intake;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Client addresses ({@link ClientKey}) whose last request was answered 408 for a body too slow
 * ({@link ConnectionDeadlines}), for {@value #PENALTY_MILLIS} ms after it: while there,
 * {@link RequestsInProgressPerAddress} lets the address have {@value #PENALISED_IN_PROGRESS} request in progress
 * instead of {@code collector.intake.max-requests-in-progress-per-address}. A client that reopened its trickles as
 * soon as they were answered 408 held its address's eight places about 5 s of every 6 (review s25); now one. An
 * address is never refused outright: agents behind one NAT address with a client that trickles keep a place, one
 * request at a time (an agent's report takes milliseconds), and the agent refused keeps its report and sends it again.
 * <p>
 * The table holds at most {@value #MAX_ADDRESSES} addresses (about 1 MB); when it is full the expired ones are
 * removed, and a new address that still finds it full is not penalised (the node stays as it was without the table:
 * a client with that many addresses fills the places anyway). Thread-safe.
 */
final class SlowAddresses {

    static final long PENALTY_MILLIS = 60_000;
    static final int PENALISED_IN_PROGRESS = 1;
    static final int MAX_ADDRESSES = 10_000;

    private final Map<String, Long> until = new ConcurrentHashMap<>();
    private final LongSupplier millis;
    private final int maxAddresses;

    SlowAddresses() {
        this(() -> System.nanoTime() / 1_000_000, MAX_ADDRESSES);
    }

    /** @param millis a monotonic clock in milliseconds */
    SlowAddresses(LongSupplier millis, int maxAddresses) {
        this.millis = millis;
        this.maxAddresses = maxAddresses;
    }

    /** {@code address} had a request answered 408 for its slow body now. */
    void slow(String address) {
        long now = millis.getAsLong();
        if (until.size() >= maxAddresses && !until.containsKey(address)) {
            for (Iterator<Long> times = until.values().iterator(); times.hasNext(); ) {
                if (times.next() - now <= 0) {
                    times.remove();
                }
            }
            if (until.size() >= maxAddresses) {
                return;
            }
        }
        until.put(address, now + PENALTY_MILLIS);
    }

    /** True while {@code address}'s last slow body is less than {@value #PENALTY_MILLIS} ms ago. */
    boolean penalised(String address) {
        Long end = until.get(address);
        if (end == null) {
            return false;
        }
        if (end - millis.getAsLong() > 0) {
            return true;
        }
        until.remove(address, end);
        return false;
    }

    /** Addresses in the table (expired ones not yet removed included). */
    int size() {
        return until.size();
    }
}
