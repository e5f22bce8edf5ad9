package io.ceip.collector.intake;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many connections one client address may hold open at once ({@code collector.intake.max-connections-per-address},
 * 0: no limit). Each open TLS connection costs the node a file descriptor and about 26 KiB of memory (2,000 idle
 * connections from one client: RSS +52 MiB), for up to {@code collector.intake.header-timeout-seconds} when it sends
 * nothing: a single client opening connections in a loop could otherwise hold as many descriptors and as much memory
 * as it likes. Connections still in their TLS handshake are not counted (Vert.x calls the connection handler once it
 * ended): each is bounded by Vert.x's handshake timeout, 10 s, and counted by the node-wide limit
 * ({@link ConnectionsOpen}); a limit per address on connections at accept is the operating system's or a proxy's
 * (docs/sizing.md). The Netty channel (Vert.x internal {@code ConnectionBase}) is used for its
 * close future: {@code HttpConnection.closeHandler} holds one handler, {@link ConnectionDeadlines}'. A connection past the limit is closed as soon as it is established,
 * before it is read: the client (the agent) sees the connection closed, keeps its report and sends it again later.
 * One INFO line per second while connections are refused. Counted per address (not per port), from the connection's
 * TLS handshake to its close; the table holds only addresses with open connections.
 * <p>
 * Like the per-address request limit, it assumes the clients' own addresses: behind a proxy that does not keep them,
 * every client is the proxy (0 turns it off). Called by {@link IntakeServer}'s connection handler, first.
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

    /** True when {@code connection} may stay open; else it is being closed (and one line may say so). */
    boolean admit(HttpConnection connection) {
        Channel channel = ((ConnectionBase) connection).channelHandlerContext().channel();
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
