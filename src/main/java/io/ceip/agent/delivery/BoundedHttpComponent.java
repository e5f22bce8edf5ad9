package io.ceip.agent.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;

/**
 * The camel-http component that sends reports, with the collector's answer bounded before its body too: a status or
 * header line of at most {@value #MAX_LINE_BYTES} bytes (its line end included) and at most {@value #MAX_HEADERS}
 * header fields (800 KiB at most), where Apache HttpClient's defaults take any number of lines of any length. An answer past either
 * bound fails the attempt as an I/O error (retried, the report kept), instead of a header flood filling the heap
 * until the whole-request deadline. The body is bounded by {@link AnswerLimit}. Host names are resolved by the
 * component's {@link DnsResolver} (the agent's: {@link BoundedDnsResolver}, bounded by the connect timeout).
 * Otherwise the connection manager is camel-http's own (pool policy, reuse, time to live, socket configuration,
 * limits).
 */
public final class BoundedHttpComponent extends HttpComponent {

    /** The longest status or header line of an answer, in bytes, its line end included. */
    public static final int MAX_LINE_BYTES = 8192;
    /** The most header fields of an answer. */
    public static final int MAX_HEADERS = 100;

    /**
     * Puts a new component under {@code name} ({@code https}, {@code http}, or the customer's) in {@code context},
     * in place of any made before (not yet used: the routes make their endpoints at the first send).
     */
    public static BoundedHttpComponent replace(CamelContext context, String name, DnsResolver resolver) {
        context.removeComponent(name);
        BoundedHttpComponent component = new BoundedHttpComponent(resolver);
        context.addComponent(name, component);
        return component;
    }

    private final DnsResolver resolver;

    /** A component whose connections resolve host names through {@code resolver}. */
    public BoundedHttpComponent(DnsResolver resolver) {
        this.resolver = resolver;
    }

    /** The resolver of the component's connections. */
    public DnsResolver getDnsResolver() {
        return resolver;
    }

    @Override
    protected HttpClientConnectionManager createConnectionManager(Registry<ConnectionSocketFactory> registry,
            int maxTotalConnections, int connectionsPerRoute, SocketConfig defaultSocketConfig) {
        ManagedHttpClientConnectionFactory connections = ManagedHttpClientConnectionFactory.builder()
                .http1Config(Http1Config.custom().setMaxLineLength(MAX_LINE_BYTES).setMaxHeaderCount(MAX_HEADERS)
                        .build())
                .build();
        PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager(registry,
                PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.ofMilliseconds(getConnectionTimeToLive()),
                null, resolver, connections);
        int total = maxTotalConnections != 0 ? maxTotalConnections : getMaxTotalConnections();
        if (total > 0) {
            manager.setMaxTotal(total);
        }
        manager.setDefaultSocketConfig(defaultSocketConfig);
        int perRoute = connectionsPerRoute != 0 ? connectionsPerRoute : getConnectionsPerRoute();
        if (perRoute > 0) {
            manager.setDefaultMaxPerRoute(perRoute);
        }
        return manager;
    }
}
