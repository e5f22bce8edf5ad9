package io.ceip.collector.intake;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;

/**
 * The server's TLS engine: OpenSSL (BoringSSL, from {@code netty-tcnative-boringssl-static}, whose native library
 * ships for Linux, macOS and Windows on x86-64 and Linux and macOS on arm64) where it loads, else the JDK's (Vert.x's
 * default); {@link #engine()} names the one in use (the start line says it). Either way the same protocols (TLS 1.2,
 * 1.3), key and certificate. Bench (bench.only=throughput, A/B against the JDK engine in one run, median of 5 runs of
 * 1,500 after 80,000 reports each, 2026-12-07): reports accepted per second 1,930 -> 2,063 (+7 %), CPU per accepted
 * report 0.48 -> 0.43 ms (-10 %); after 20,000 (the JDK's TLS code still being compiled) 1,246 -> 1,455 /s and
 * 0.91 -> 0.66 ms; docs/sizing.md.
 * <p>
 * Each connection is told to {@link ConnectionsOpen} as soon as it is accepted. Vert.x's connection handler runs only
 * once the TLS handshake ended, so it cannot see (nor close) a connection still in its handshake; the TLS handler,
 * though, is added to every connection's pipeline when it is accepted. Vert.x makes it from the SSL context this
 * engine option's {@link SslContextFactory} creates (a public Vert.x SPI,
 * {@code SSLEngineOptions.sslContextFactory()}): the factory here is Vert.x's own for the engine in use, whose
 * context's handlers are Netty's {@link SslHandler} that reports its {@code handlerAdded} (the connection's channel
 * known) before doing what it always does. Set on the server's options by {@link IntakeServer}; Vert.x copies the
 * options ({@link #copy()} keeps the count). (It extends {@code SSLEngineOptions}, not {@code JdkSSLEngineOptions},
 * whose overrides javac cannot compile without Vert.x's code generator's annotations.)
 */
final class CountedTls extends SSLEngineOptions {

    /**
     * The cipher suites the server takes: TLS 1.3's, and for TLS 1.2 only ephemeral key exchange (forward secrecy)
     * with an AEAD cipher, for RSA and EC certificates. Both engines' defaults also offered CBC suites with SHA-1
     * MACs (OpenSSL's default list: {@code ECDHE-ECDSA-AES128-SHA} was accepted); every agent (Java 17's TLS 1.3, or
     * 1.2 with ECDHE and GCM) speaks one of these.
     */
    static final List<String> CIPHER_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final ConnectionsOpen connections;

    CountedTls(ConnectionsOpen connections) {
        this.connections = connections;
    }

    /** The engine the server's TLS runs on, for the start line: OpenSSL where its native library loads. */
    static String engine() {
        return OpenSSLEngineOptions.isAvailable() ? "OpenSSL"
                : "the JDK's (OpenSSL's native library did not load here)";
    }

    @Override
    public CountedTls copy() {
        return new CountedTls(connections);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        SslContextFactory engine = (OpenSSLEngineOptions.isAvailable() ? new OpenSSLEngineOptions()
                : new JdkSSLEngineOptions()).sslContextFactory();
        return new SslContextFactory() {
            @Override
            public SslContextFactory useAlpn(boolean useAlpn) {
                engine.useAlpn(useAlpn);
                return this;
            }

            @Override
            public SslContextFactory clientAuth(ClientAuth clientAuth) {
                engine.clientAuth(clientAuth);
                return this;
            }

            @Override
            public SslContextFactory forClient(boolean forClient) {
                engine.forClient(forClient);
                return this;
            }

            @Override
            public SslContextFactory keyMananagerFactory(KeyManagerFactory factory) {
                engine.keyMananagerFactory(factory);
                return this;
            }

            @Override
            public SslContextFactory trustManagerFactory(TrustManagerFactory factory) {
                engine.trustManagerFactory(factory);
                return this;
            }

            @Override
            public SslContextFactory enabledCipherSuites(Set<String> suites) {
                engine.enabledCipherSuites(suites);
                return this;
            }

            @Override
            public SslContextFactory applicationProtocols(List<String> protocols) {
                engine.applicationProtocols(protocols);
                return this;
            }

            @Override
            public SslContextFactory serverName(String name) {
                engine.serverName(name);
                return this;
            }

            @Override
            public SslContext create() throws SSLException {
                SslContext made = engine.create();
                return made.isClient() ? made : new Counted(made);
            }
        };
    }

    /** A server's context whose TLS handlers tell {@link ConnectionsOpen} of their connection. */
    private final class Counted extends DelegatingSslContext {

        Counted(SslContext context) {
            super(context);
        }

        @Override
        protected void initEngine(javax.net.ssl.SSLEngine engine) {
            // the engine as the JDK's context made it
        }

        @Override
        protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls, Executor executor) {
            return new Handler(newEngine(alloc), startTls, executor);
        }

        @Override
        protected SslHandler newHandler(ByteBufAllocator alloc, String host, int port, boolean startTls,
                Executor executor) {
            return new Handler(newEngine(alloc, host, port), startTls, executor);
        }
    }

    /** Netty's TLS handler, which tells {@link ConnectionsOpen} of its connection once it is in its pipeline. */
    private final class Handler extends SslHandler {

        Handler(javax.net.ssl.SSLEngine engine, boolean startTls, Executor executor) {
            super(engine, startTls, executor);
        }

        @Override
        public void handlerAdded(ChannelHandlerContext context) throws Exception {
            super.handlerAdded(context);
            connections.admit(context.channel());
        }
    }
}
