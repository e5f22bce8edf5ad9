package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many requests one client address may have in progress at once
 * ({@code collector.intake.max-requests-in-progress-per-address}, default 8: an eighth of the node's 64; 0: no
 * limit). Without it one address with a product token (which ships in every agent) held every place of
 * {@link RequestsInProgress} with bodies that trickle, each until the body deadline, and every other agent was
 * answered 503 (review s17 finding 2). A request past it is answered as the node-wide bound does, before its body is
 * read: 503 {@code busy, retry later} with {@code Retry-After: 5} and the connection closed; it takes no place of the
 * node's. A request counts from its headers until its answer ended or its connection closed; the table holds only
 * addresses with requests in progress. One INFO line per second while requests are refused, with their number and
 * the last address. Like the other per-address limits it assumes the clients' own addresses (behind a proxy that
 * hides them, 0). Installed by {@link IntakeServer} on every path, before {@link RequestsInProgress}.
 * <p>
 * An address that had a request answered 408 for a slow body within the last minute ({@link SlowAddresses}) may have
 * one request in progress, not {@code max}: a client reopening its trickles as soon as they are answered 408 holds one
 * place per address, not eight; agents behind the same address are served one at a time. Its refusals have a line of
 * their own.
 */
final class RequestsInProgressPerAddress implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");

    private final int max;
    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();
    private final OncePerSecond refusals;
    private final OncePerSecond slowRefusals;
    private final PlacesHeld places;
    private final SlowAddresses slow;

    /** @param max requests one address may have in progress; 0: no limit */
    RequestsInProgressPerAddress(int max, PlacesHeld places, SlowAddresses slow) {
        this.max = max;
        this.places = places;
        this.slow = slow;
        this.slowRefusals = new OncePerSecond((count, last) -> LOG.info("refused {} request(s) with HTTP {}: {} ({}"
                + " in progress from an address whose body was too slow in the last {} s, the last from {})", count,
                Refusal.BUSY.status(), Refusal.BUSY.text(), SlowAddresses.PENALISED_IN_PROGRESS,
                SlowAddresses.PENALTY_MILLIS / 1000, last));
        this.refusals = new OncePerSecond((count, last) -> LOG.info("refused {} request(s) with HTTP {}: {} ({} in"
                + " progress from one address, the last from {},"
                + " collector.intake.max-requests-in-progress-per-address)", count, Refusal.BUSY.status(),
                Refusal.BUSY.text(), max, last));
    }

    /** Its once-a-second lines, for {@link IntakeServer}'s timer. */
    List<OncePerSecond> refusals() {
        return List.of(refusals, slowRefusals);
    }

    @Override
    public void handle(RoutingContext context) {
        SocketAddress remote = context.request().remoteAddress();
        String address = remote == null ? null : ClientKey.of(remote.hostAddress());
        if (max <= 0 || address == null) {
            context.next();
            return;
        }
        int allowed = slow.penalised(address) ? Math.min(max, SlowAddresses.PENALISED_IN_PROGRESS) : max;
        boolean[] admitted = new boolean[1];
        inProgress.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= allowed) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            (allowed < max ? slowRefusals : refusals).count(address);
            RequestsInProgress.busy(context);
            return;
        }
        places.hold(context, () -> inProgress.computeIfPresent(address, (key, count) -> count == 1 ? null
                : count - 1));
        context.next();
    }
}
