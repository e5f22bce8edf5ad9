package io.ceip.agent.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A TCP port free on this machine a moment ago, for a server a test starts (fixed ports are shared). */
public final class FreePort {

    private FreePort() {
    }

    /** A port the system just handed out and took back. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
