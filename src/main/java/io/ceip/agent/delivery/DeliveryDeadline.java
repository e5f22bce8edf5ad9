package io.ceip.agent.delivery;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * A whole-request deadline for the HTTP client ({@code ceip.endpoint.request-timeout}): the connect and read
 * timeouts bound each wait, but a server that trickles one byte at a time never trips them. At the deadline the
 * request's connection is closed, whatever it is doing, and the attempt fails like any I/O error (retried, then
 * kept in the store), as a {@link RequestDeadlineException} that names the setting. The deadline is cancelled, and forgotten, as soon as the answer has been read to its end or
 * closed, so nothing of a finished request stays referenced. One daemon thread serves all requests.
 */
public final class DeliveryDeadline implements HttpClientConfigurer, AutoCloseable {

    private final long deadlineMillis;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "ceip-delivery-deadline");
        thread.setDaemon(true);
        return thread;
    });

    public DeliveryDeadline(Duration deadline) {
        this.deadlineMillis = deadline.toMillis();
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("ceip-deadline", this::proceed);
    }

    /** Deadlines of requests still in progress (for tests). */
    int pending() {
        return timer.getQueue().size();
    }

    private ClassicHttpResponse proceed(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        AtomicBoolean passed = new AtomicBoolean();
        ScheduledFuture<?> cut = timer.schedule(() -> {
            passed.set(true);
            scope.execRuntime.discardEndpoint();
        }, deadlineMillis, TimeUnit.MILLISECONDS);
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException e) {
            cut.cancel(false);
            throw passed.get() ? new RequestDeadlineException(e) : e;
        } catch (HttpException | RuntimeException e) {
            cut.cancel(false);
            throw e;
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            cut.cancel(false);
        } else {
            response.setEntity(new DeadlineEntity(entity, cut, passed));
        }
        return response;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** The answer's body, whose end or close cancels the deadline. */
    private static final class DeadlineEntity extends HttpEntityWrapper {

        private final ScheduledFuture<?> cut;
        private final AtomicBoolean passed;

        DeadlineEntity(HttpEntity entity, ScheduledFuture<?> cut, AtomicBoolean passed) {
            super(entity);
            this.cut = cut;
            this.passed = passed;
        }

        @Override
        public InputStream getContent() throws IOException {
            InputStream content = super.getContent();
            if (content == null) {
                cut.cancel(false);
                return null;
            }
            return new FilterInputStream(content) {
                @Override
                public int read() throws IOException {
                    try {
                        return ended(super.read());
                    } catch (IOException e) {
                        throw passed.get() ? new RequestDeadlineException(e) : e;
                    }
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    try {
                        return ended(super.read(buffer, offset, length));
                    } catch (IOException e) {
                        throw passed.get() ? new RequestDeadlineException(e) : e;
                    }
                }

                @Override
                public void close() throws IOException {
                    closeThenCancel(super::close);
                }
            };
        }

        private int ended(int read) {
            if (read < 0) {
                cut.cancel(false);
            }
            return read;
        }

        @Override
        public void close() throws IOException {
            closeThenCancel(super::close);
        }

        private void closeThenCancel(Closeable closeable) throws IOException {
            try {
                closeable.close();
            } finally {
                cut.cancel(false);
            }
        }
    }
}
