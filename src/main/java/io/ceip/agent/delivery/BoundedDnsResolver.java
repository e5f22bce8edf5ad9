package io.ceip.agent.delivery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The report client's name resolution, bounded by the connect timeout ({@code ceip.endpoint.connect-timeout}, or
 * {@code ceip.endpoint.request-timeout} when that is shorter): the
 * JDK's resolver has no timeout of its own and cannot be interrupted, so a name server that never answers held the
 * report route past every HTTP timeout (the whole-request deadline closes a connection, and there is none yet). Each
 * lookup (the endpoint's host, or the proxy's) runs on one of at most {@value #THREADS} daemon threads and is
 * waited for at most the bound; past it, or while that many earlier lookups are still unanswered (nothing queues),
 * the attempt fails as an {@link UnknownHostException} ({@link NameNotResolvedException}) naming the host and the
 * setting: retried, then kept, like any I/O failure. A lookup's own failure is passed on as is, and its answer
 * cut to its first {@link #maxAddresses()} addresses (the whole-request deadline over the connect timeout, at least
 * one): the client tries each address in turn, each within the connect timeout, and the deadline does not stop that
 * loop (a name server answering 64 addresses that never connect held one attempt 64 connect timeouts long). Each
 * destination has a resolver of its own ({@link #system(Duration, Duration, String)}, threads {@code ceip-dns-<name>}),
 * so lookups that hang for one destination's host never take the threads of the other's: at most {@value #THREADS}
 * threads per destination, closed with the context.
 */
public final class BoundedDnsResolver implements DnsResolver, AutoCloseable {

    /** The most lookups waited for at once, hung ones included: the threads a silent name server can hold. */
    static final int THREADS = 2;
    /** The setting that bounds each lookup by default; the other, when it is shorter. */
    static final String SETTING = "ceip.endpoint.connect-timeout", REQUEST_TIMEOUT = "ceip.endpoint.request-timeout";

    private final DnsResolver delegate;
    private final long boundMillis;
    private final String setting;
    private final int maxAddresses;
    private final ThreadPoolExecutor lookups;

    /** Lookups through {@code delegate}, each waited for at most {@code bound} (the request's too: one address). */
    public BoundedDnsResolver(DnsResolver delegate, Duration bound) {
        this(delegate, bound, SETTING, 1, "ceip-dns");
    }

    private BoundedDnsResolver(DnsResolver delegate, Duration bound, String setting, int maxAddresses,
            String threadName) {
        this.lookups = new ThreadPoolExecutor(0, THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        this.delegate = delegate;
        this.boundMillis = bound.toMillis();
        this.setting = setting;
        this.maxAddresses = maxAddresses;
    }

    /**
     * The JDK's resolver (as Apache HttpClient's default), each lookup waited for at most the connect timeout, or the
     * whole-request deadline when that is shorter (the lookup is part of the request).
     */
    public static BoundedDnsResolver system(Duration connectTimeout, Duration requestTimeout) {
        return within(SystemDefaultDnsResolver.INSTANCE, connectTimeout, requestTimeout);
    }

    /**
     * {@link #system(Duration, Duration)} for the one destination {@code destination} ({@code vendor},
     * {@code customer}): its own threads, named {@code ceip-dns-<destination>}, never another destination's.
     */
    public static BoundedDnsResolver system(Duration connectTimeout, Duration requestTimeout, String destination) {
        return within(SystemDefaultDnsResolver.INSTANCE, connectTimeout, requestTimeout, "ceip-dns-" + destination);
    }

    /** Lookups through {@code delegate} within the shorter of the two, whose setting the failure names. */
    static BoundedDnsResolver within(DnsResolver delegate, Duration connectTimeout, Duration requestTimeout) {
        return within(delegate, connectTimeout, requestTimeout, "ceip-dns");
    }

    private static BoundedDnsResolver within(DnsResolver delegate, Duration connectTimeout, Duration requestTimeout,
            String threadName) {
        long perConnect = requestTimeout.toMillis() / Math.max(1, connectTimeout.toMillis());
        int addresses = (int) Math.max(1, Math.min(64, perConnect));
        return requestTimeout.compareTo(connectTimeout) < 0
                ? new BoundedDnsResolver(delegate, requestTimeout, REQUEST_TIMEOUT, addresses, threadName)
                : new BoundedDnsResolver(delegate, connectTimeout, SETTING, addresses, threadName);
    }

    /** The most addresses of one answer passed on (its first ones). */
    public int maxAddresses() {
        return maxAddresses;
    }

    /** The bound of each lookup, in milliseconds. */
    public long boundMillis() {
        return boundMillis;
    }

    /** Whether lookups go to the JDK's resolver (for tests of the wiring). */
    public boolean resolvesThroughTheSystem() {
        return delegate == SystemDefaultDnsResolver.INSTANCE;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = bounded(host, () -> delegate.resolve(host));
        return addresses == null || addresses.length <= maxAddresses ? addresses
                : java.util.Arrays.copyOf(addresses, maxAddresses);
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        List<InetSocketAddress> addresses = bounded(host, () -> delegate.resolve(host, port));
        return addresses == null || addresses.size() <= maxAddresses ? addresses
                : List.copyOf(addresses.subList(0, maxAddresses));
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return bounded(host, () -> delegate.resolveCanonicalHostname(host));
    }

    private <T> T bounded(String host, Callable<T> lookup) throws UnknownHostException {
        Future<T> answer;
        try {
            answer = lookups.submit(lookup);
        } catch (RejectedExecutionException busy) {
            throw new NameNotResolvedException(host, "the name server has not answered " + THREADS
                    + " earlier lookups yet (each bounded by " + setting + ", " + boundMillis + " ms)");
        }
        try {
            return answer.get(boundMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            answer.cancel(true);
            throw new NameNotResolvedException(host, "no answer from the name server within " + setting + " ("
                    + boundMillis + " ms)");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new NameNotResolvedException(host, "interrupted while waiting for the name server");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }

    /** A host not resolved in time: its message is the line's hint ({@code host: why}). */
    static final class NameNotResolvedException extends UnknownHostException {

        private static final long serialVersionUID = 1L;
        private final String host;
        private final String why;

        NameNotResolvedException(String host, String why) {
            super(host.replaceAll("\\p{Cntrl}", "?") + ": not resolved: " + why);
            this.host = host;
            this.why = why;
        }

        /** The line's hint: the host when {@code hostForm} accepts it (else "the host"), and why. */
        String hint(java.util.function.Predicate<String> hostForm) {
            return (hostForm.test(host) ? host : "the host") + ": not resolved: " + why;
        }
    }
}
