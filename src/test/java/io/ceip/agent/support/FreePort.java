package io.ceip.agent.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP port free on this machine a moment ago, for a server a test starts (fixed ports are shared). Between the pick
 * and the server's bind another listener may take it: a port the system hands out for port 0 (a test's HTTPS server,
 * Kafka, a client's own end) comes from the ephemeral range (Linux: 32768-60999), so the ports here are drawn below it,
 * at random, and none twice in one JVM (it took one port of the agent's management server 1 time in 100 under load).
 */
public final class FreePort {

    private static final int FIRST = 10_000;
    private static final int COUNT = 20_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    /** A port between 10000 and 29999 not handed out before in this JVM, which a server socket could bind just now. */
    public static int next() {
        for (int tries = 0; tries < 1_000; tries++) {
            int port = FIRST + ThreadLocalRandom.current().nextInt(COUNT);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + (FIRST + COUNT - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
