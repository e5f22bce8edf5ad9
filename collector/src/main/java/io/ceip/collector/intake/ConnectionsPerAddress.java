package io.ceip.collector.intake;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many connections one client address may hold open at once ({@code collector.intake.max-connections-per-address},
 * 0: no limit). Each open TLS connection costs the node a file descriptor and about 26 KiB of memory (2,000 idle
 * connections from one client: RSS +52 MiB), for up to {@code collector.intake.header-timeout-seconds} when it sends
 * nothing: a single client opening connections in a loop could otherwise hold as many descriptors and as much memory
 * as it likes. Counted from the moment a connection is accepted (its TLS handler added, {@link CountedTls}, called
 * by {@link ConnectionsOpen} before the node-wide count), so a silent connection still in its TLS handshake counts
 * too: one address can hold at most its share of the node's {@code collector.intake.max-connections} (before, it
 * counted from the handshake's end, and one address's silent connections could fill the node's bound alone). A
 * connection past the limit is closed at once, before its handshake: the client (the agent) sees the connection
 * closed, keeps its report and sends it again later.
 * One INFO line per second while connections are refused. Counted per address (not per port), from the connection's
 * accept to its close; the table holds only addresses with open connections.
 * <p>
 * Like the per-address request limit, it assumes the clients' own addresses: behind a proxy that does not keep them,
 * every client is the proxy (0 turns it off).
 */
final class ConnectionsPerAddress {

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");

    private final int max;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private final OncePerSecond refusals;

    /** @param max connections one address may hold open; 0: no limit */
    ConnectionsPerAddress(int max) {
        this.max = max;
        this.refusals = new OncePerSecond((count, address) -> LOG.info("closed {} new connection(s) past {} open from"
                + " one address, the last from {} (collector.intake.max-connections-per-address)", count, max,
                address));
    }

    /** Its once-a-second line, for {@link IntakeServer}'s timer. */
    OncePerSecond refusals() {
        return refusals;
    }

    /** True when {@code channel}, just accepted, may stay open; else it is being closed (one line a second). */
    boolean admit(Channel channel) {
        if (max <= 0 || !(channel.remoteAddress() instanceof InetSocketAddress remote)) {
            return true;
        }
        String address = ClientKey.of(remote.getAddress());
        if (open.merge(address, 1, Integer::sum) > max) {
            release(address);
            refusals.count(address);
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(closed -> release(address));
        return true;
    }

    private void release(String address) {
        open.computeIfPresent(address, (a, count) -> count == 1 ? null : count - 1);
    }
}
