package io.ceip.collector.intake;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many connections the node holds open at once, from all addresses together ({@code
 * collector.intake.max-connections}, default 2,000; 0: no limit). Each open connection costs the node a file
 * descriptor and about 27 KiB (8,000 idle TLS connections: RSS 511 MiB): without a bound, a client with a few hundred
 * addresses reaches the process's file-descriptor limit first, and then the node cannot open its database or log
 * files. Counted from the moment the connection is accepted (its TLS handler added, {@link CountedTls}), so a silent
 * TCP connection that never starts its TLS handshake counts too, until it closes (at the latest Vert.x's handshake
 * timeout, 10 s, or the header timeout after it). A connection past the limit is closed at once, before its handshake:
 * the agent sees the connection closed, keeps its report and sends it again later. One INFO line per second at most
 * while connections are refused. Thread-safe: each event loop admits its own connections. A connection is first
 * counted by {@link ConnectionsPerAddress} (its address's share), then here.
 */
final class ConnectionsOpen {

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final OncePerSecond refusals;
    private final ConnectionsPerAddress perAddress;

    /** @param max connections the node may hold open; 0: no limit */
    ConnectionsOpen(int max, ConnectionsPerAddress perAddress) {
        this.max = max;
        this.perAddress = perAddress;
        this.refusals = new OncePerSecond((count, address) -> LOG.info("closed {} new connection(s) past {} open on"
                + " this node, the last from {} (collector.intake.max-connections)", count, max, address));
    }

    /** Its once-a-second line, for {@link IntakeServer}'s timer. */
    OncePerSecond refusals() {
        return refusals;
    }

    /** Counts {@code channel}, just accepted, until it closes; past the limit closes it instead (one line a second). */
    void admit(Channel channel) {
        if (!perAddress.admit(channel) || max <= 0) {
            return;
        }
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refusals.count(String.valueOf(channel.remoteAddress()));
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
    }
}
