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
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;

/**
 * The JDK's TLS engine (Vert.x's default), with each connection told to {@link ConnectionsOpen} as soon as it is
 * accepted. Vert.x's connection handler runs only once the TLS handshake ended, so it cannot see (nor close) a
 * connection still in its handshake; the TLS handler, though, is added to every connection's pipeline when it is
 * accepted. Vert.x makes it from the SSL context this engine option's {@link SslContextFactory} creates (a public
 * Vert.x SPI, {@code SSLEngineOptions.sslContextFactory()}): the factory here is Vert.x's own for the JDK engine, whose
 * context's handlers are Netty's {@link SslHandler} that reports its {@code handlerAdded} (the connection's channel
 * known) before doing what it always does. Set on the server's options by {@link IntakeServer}; Vert.x copies the
 * options ({@link #copy()} keeps the count). (It extends {@code SSLEngineOptions}, not {@code JdkSSLEngineOptions},
 * whose overrides javac cannot compile without Vert.x's code generator's annotations.)
 */
final class CountedTls extends SSLEngineOptions {

    private final ConnectionsOpen connections;

    CountedTls(ConnectionsOpen connections) {
        this.connections = connections;
    }

    @Override
    public CountedTls copy() {
        return new CountedTls(connections);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        SslContextFactory jdk = new JdkSSLEngineOptions().sslContextFactory();
        return new SslContextFactory() {
            @Override
            public SslContextFactory useAlpn(boolean useAlpn) {
                jdk.useAlpn(useAlpn);
                return this;
            }

            @Override
            public SslContextFactory clientAuth(ClientAuth clientAuth) {
                jdk.clientAuth(clientAuth);
                return this;
            }

            @Override
            public SslContextFactory forClient(boolean forClient) {
                jdk.forClient(forClient);
                return this;
            }

            @Override
            public SslContextFactory keyMananagerFactory(KeyManagerFactory factory) {
                jdk.keyMananagerFactory(factory);
                return this;
            }

            @Override
            public SslContextFactory trustManagerFactory(TrustManagerFactory factory) {
                jdk.trustManagerFactory(factory);
                return this;
            }

            @Override
            public SslContextFactory enabledCipherSuites(Set<String> suites) {
                jdk.enabledCipherSuites(suites);
                return this;
            }

            @Override
            public SslContextFactory applicationProtocols(List<String> protocols) {
                jdk.applicationProtocols(protocols);
                return this;
            }

            @Override
            public SslContextFactory serverName(String name) {
                jdk.serverName(name);
                return this;
            }

            @Override
            public SslContext create() throws SSLException {
                SslContext made = jdk.create();
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
