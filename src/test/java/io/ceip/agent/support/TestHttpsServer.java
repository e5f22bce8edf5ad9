package io.ceip.agent.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/**
 * A real HTTPS server on loopback for the tests (the JDK's {@code HttpsServer}; {@link #startPlain()}: plain HTTP,
 * for the test-only {@code ceip.endpoint.allow-plain-http}): it answers each request with the
 * next scripted {@link Reply} (202 when none is left) and records what it received.
 */
public final class TestHttpsServer implements AutoCloseable {

    /** One scripted answer. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply status(int status) {
            return new Reply(status, Map.of(), "");
        }

        public static Reply status(int status, String body) {
            return new Reply(status, Map.of(), body);
        }

        public static Reply retryAfter(int status, String retryAfter) {
            return new Reply(status, Map.of("Retry-After", retryAfter), "");
        }

        /** 202, then a body of {@code bytes} bytes sent one every {@code everyMillis}. */
        public static Reply trickle(int bytes, long everyMillis) {
            return trickle(202, bytes, everyMillis);
        }

        /** {@code status}, then a body of {@code bytes} bytes sent one every {@code everyMillis}. */
        public static Reply trickle(int status, int bytes, long everyMillis) {
            return new Reply(status, Map.of("X-Trickle", bytes + "/" + everyMillis), "");
        }

        /**
         * {@code status} with a text body of {@code bytes} bytes ({@code ERROR the request was refused; } repeated),
         * written as long as the client reads it; see {@link #answerBytesWritten()}, {@link #answersCut()}.
         */
        public static Reply sized(int status, long bytes) {
            return new Reply(status, Map.of("X-Sized", Long.toString(bytes)), "");
        }

        /**
         * {@code status} with {@code Content-Encoding: gzip} and a gzip body that inflates to {@code inflatedBytes}
         * zeros (a decompression bomb: about a thousandth of that on the wire).
         */
        public static Reply gzipBomb(int status, long inflatedBytes) {
            return new Reply(status, Map.of("X-Gzip-Bomb", Long.toString(inflatedBytes)), "");
        }

        /** Waits {@code millis} before answering 202. */
        public static Reply delayed(long millis) {
            return new Reply(202, Map.of("X-Delay", Long.toString(millis)), "");
        }
    }

    /** One received request: method, path, headers (lower-case names) and the raw and decompressed bodies. */
    public record Received(String method, String path, Map<String, String> headers, byte[] rawBody, int status,
            java.time.Instant at) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        /** The body decompressed once (the agent gzips once; a double gzip would still start with 1f 8b). */
        public byte[] gunzipped() {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(rawBody))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("body is not gzip", e);
            }
        }

        public String json() {
            return new String(gunzipped(), StandardCharsets.UTF_8);
        }
    }

    private final com.sun.net.httpserver.HttpServer server;
    private final String scheme;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Runnable onRequest = () -> { };
    private final AtomicInteger trickled = new AtomicInteger();
    private final AtomicInteger trickleCut = new AtomicInteger();

    private final java.util.concurrent.atomic.AtomicLong answerBytesWritten = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicInteger answersFinished = new AtomicInteger();
    private final AtomicInteger answersCut = new AtomicInteger();

    /**
     * Bytes of {@link Reply#sized} and {@link Reply#gzipBomb} answers written so far (what the socket took, to the
     * KiB: at most 1 KiB more may have been sent).
     */
    public long answerBytesWritten() {
        return answerBytesWritten.get();
    }

    /** {@link Reply#sized} and {@link Reply#gzipBomb} answers written to their end. */
    public int answersFinished() {
        return answersFinished.get();
    }

    /** {@link Reply#sized} and {@link Reply#gzipBomb} answers whose connection the client closed before their end. */
    public int answersCut() {
        return answersCut.get();
    }

    /** Trickled answers the client let finish, and those it cut off. */
    public int tricklesFinished() {
        return trickled.get();
    }

    public int tricklesCut() {
        return trickleCut.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TestHttpsServer(SSLContext context, boolean needClientAuth, int port) throws IOException {
        this(context, needClientAuth, port, null);
    }

    private TestHttpsServer(SSLContext context, boolean needClientAuth, int port, String[] cipherSuites)
            throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (context == null) {
            server = com.sun.net.httpserver.HttpServer.create(address, 16);
            scheme = "http";
        } else {
            HttpsServer https = HttpsServer.create(address, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    connections.incrementAndGet();
                    javax.net.ssl.SSLParameters parameters = context.getDefaultSSLParameters();
                    parameters.setNeedClientAuth(needClientAuth);
                    if (cipherSuites != null) {
                        parameters.setCipherSuites(cipherSuites);
                        parameters.setProtocols(java.util.Arrays.stream(cipherSuites).anyMatch(suite -> suite.matches(
                                "TLS_(AES|CHACHA20)_.*")) ? new String[] { "TLSv1.3" } : new String[] { "TLSv1.2" });
                    }
                    params.setSSLParameters(parameters);
                }
            });
            server = https;
            scheme = "https";
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on {@code port} (0 for any free port). */
    public static TestHttpsServer start(TestCertificates certificates, int port) {
        return start(certificates, null, port);
    }

    /** Starts on {@code port}; with {@code clientCa}, a client certificate issued by it is required. */
    public static TestHttpsServer start(TestCertificates certificates, TestCertificates clientCa, int port) {
        try {
            return new TestHttpsServer(certificates.serverContext(clientCa), clientCa != null, port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts on any free port offering only {@code cipherSuites}, of TLS 1.3 when they are its suites, else of TLS 1.2
     * (the JDK's server takes them whatever its defaults: {@code TLS_RSA_*}, CBC).
     */
    public static TestHttpsServer startOffering(TestCertificates certificates, String... cipherSuites) {
        try {
            return new TestHttpsServer(certificates.serverContext(null), false, 0, cipherSuites);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a plain HTTP server (no TLS) on any free port. */
    public static TestHttpsServer startPlain() {
        try {
            return new TestHttpsServer(null, false, 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return scheme + "://localhost:" + port() + "/v1/reports";
    }

    /** Queues answers for the next requests. */
    public TestHttpsServer reply(Reply... next) {
        replies.addAll(List.of(next));
        return this;
    }

    /** Runs {@code action} on every request, before answering it. */
    public TestHttpsServer onRequest(Runnable action) {
        this.onRequest = action;
        return this;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** TLS connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        onRequest.run();
        Reply reply = replies.poll();
        if (reply == null) {
            reply = Reply.status(202);
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                reply.status(), java.time.Instant.now()));
        String delay = reply.headers().get("X-Delay");
        if (delay != null) {
            sleep(Long.parseLong(delay));
        }
        String trickle = reply.headers().get("X-Trickle");
        if (trickle != null) {
            String[] spec = trickle.split("/");
            exchange.sendResponseHeaders(reply.status(), Integer.parseInt(spec[0]));
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < Integer.parseInt(spec[0]); i++) {
                    out.write('x');
                    out.flush();
                    sleep(Long.parseLong(spec[1]));
                }
                trickled.incrementAndGet();
            } catch (IOException e) {
                trickleCut.incrementAndGet();
            }
            return;
        }
        if (reply.headers().containsKey("X-Sized") || reply.headers().containsKey("X-Gzip-Bomb")) {
            streamAnswer(exchange, reply);
            return;
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private void streamAnswer(HttpExchange exchange, Reply reply) throws IOException {
        String sized = reply.headers().get("X-Sized");
        long total = Long.parseLong(sized != null ? sized : reply.headers().get("X-Gzip-Bomb"));
        if (sized == null) {
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
        }
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(reply.status(), sized != null ? total : 0);
        byte[] line = "ERROR the request was refused; ".getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[sized != null ? line.length * (64 * 1024 / line.length) : 64 * 1024];
        for (int i = 0; sized != null && i < chunk.length; i++) {
            chunk[i] = line[i % line.length];
        }
        OutputStream counted = new java.io.FilterOutputStream(exchange.getResponseBody()) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                // in slices of 1 KiB, so that what a write cut short had sent is counted to the KiB
                for (int done = 0; done < length; done += 1024) {
                    int slice = Math.min(1024, length - done);
                    out.write(bytes, offset + done, slice);
                    out.flush();
                    answerBytesWritten.addAndGet(slice);
                }
            }
        };
        try (OutputStream out = sized != null ? counted : new java.util.zip.GZIPOutputStream(counted, chunk.length)) {
            for (long written = 0; written < total; ) {
                int length = (int) Math.min(chunk.length, total - written);
                out.write(chunk, 0, length);
                written += length;
            }
            answersFinished.incrementAndGet();
        } catch (IOException e) {
            answersCut.incrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
