package io.ceip.agent.ops;

import io.ceip.agent.tls.ServerKeyStore;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server socket of remote JMX ({@link RemoteJmxServer}): at most {@code max} accepted connections open at once;
 * one accepted past them is closed at once, with a warning for the first, then the first of each second. RMI serves
 * each connection on a thread of its own and keeps one that sends nothing for two hours
 * ({@code sun.rmi.transport.tcp.readTimeout}), and the login comes later, over the connection: without the bound,
 * anyone reaching the port could make the agent's JVM hold a thread per connection it opens (2,000 idle ones: 2,000
 * threads, RSS +125 MiB). A connection silent for a minute is closed (RMI's two hours capped), so that silent
 * connections cannot keep the places for long. With {@code tls} (not null) each connection is then TLS, the server's
 * side, layered over the counted one.
 */
final class BoundedServerSocket extends ServerSocket {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteJmxServer.class);

    private final int max;
    private final Semaphore places;
    private final ServerKeyStore tls;
    private final AtomicLong refused = new AtomicLong();
    /** The second of the last line: RMI accepts on one thread. */
    private long loggedSecond = Long.MIN_VALUE;

    /** Listens on {@code address} and {@code port}; {@code tls}: null for plain connections. */
    BoundedServerSocket(int port, InetAddress address, int max, ServerKeyStore tls) throws IOException {
        super(port, 50, address);
        this.max = max;
        this.places = new Semaphore(max);
        this.tls = tls;
    }

    @Override
    public Socket accept() throws IOException {
        while (true) {
            CountedSocket socket = new CountedSocket(places);
            implAccept(socket);
            if (socket.admitted()) {
                try {
                    return tls == null ? socket : tls.over(socket);
                } catch (IOException | RuntimeException e) {
                    socket.close(); // its place back
                    throw e;
                }
            }
            socket.close();
            long count = refused.incrementAndGet();
            long second = Math.floorDiv(System.nanoTime(), 1_000_000_000L);
            if (loggedSecond != second) {
                loggedSecond = second;
                LOG.warn("Remote JMX: {} connection(s) closed as they opened since start: {} open already", count,
                        max);
            }
        }
    }

    /** A connection holding one of the places from its acceptance to its close. */
    private static final class CountedSocket extends Socket {

        /** The longest a connection may stay silent. */
        static final int MAX_SILENT_MILLIS = 60_000;

        private final Semaphore places;
        private boolean holds;

        CountedSocket(Semaphore places) {
            this.places = places;
        }

        /** Takes a place, if one is free. */
        synchronized boolean admitted() {
            holds = places.tryAcquire();
            return holds;
        }

        /**
         * RMI sets its read timeout, two hours, as the time a connection may stay silent: capped at
         * {@value #MAX_SILENT_MILLIS} ms, so that connections holding places without a word (before any login) are
         * closed within a minute. A JMX client drops its own unused connections after 15 s.
         */
        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            super.setSoTimeout(timeout <= 0 || timeout > MAX_SILENT_MILLIS ? MAX_SILENT_MILLIS : timeout);
        }

        @Override
        public synchronized void close() throws IOException {
            if (holds) {
                holds = false;
                places.release();
            }
            super.close();
        }
    }
}
