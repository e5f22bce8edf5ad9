package io.ceip.agent.delivery;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;

/**
 * A whole-request deadline for the HTTP client ({@code ceip.endpoint.request-timeout}): the connect and read
 * timeouts bound each wait, but a server that trickles one byte at a time never trips them. At the deadline the
 * request's connection is closed, whatever it is doing, and the attempt fails like any I/O error (retried, then
 * kept in the store). One daemon thread serves all requests.
 */
public final class DeliveryDeadline implements HttpClientConfigurer, AutoCloseable {

    private final long deadlineMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ceip-delivery-deadline");
        thread.setDaemon(true);
        return thread;
    });

    public DeliveryDeadline(Duration deadline) {
        this.deadlineMillis = deadline.toMillis();
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("ceip-deadline", (request, scope, chain) -> proceed(request, scope, chain));
    }

    private ClassicHttpResponse proceed(org.apache.hc.core5.http.ClassicHttpRequest request, ExecChain.Scope scope,
            ExecChain chain) throws java.io.IOException, org.apache.hc.core5.http.HttpException {
        ScheduledFuture<?> cut = timer.schedule(scope.execRuntime::discardEndpoint, deadlineMillis,
                TimeUnit.MILLISECONDS);
        try {
            return chain.proceed(request, scope);
        } catch (java.io.IOException | org.apache.hc.core5.http.HttpException | RuntimeException e) {
            cut.cancel(false);
            throw e;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
