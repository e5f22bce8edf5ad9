package io.ceip.agent.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Sets the wait before the next retry of a failed delivery ({@code CamelRedeliveryDelay}, which Camel's error
 * handler reads right after this runs as the {@code onExceptionOccurred} processor): {@link RetryBackoff} with full
 * jitter, honouring {@code Retry-After} on 429 and 503.
 */
public final class RetryDelay implements Processor {

    private final RetryBackoff backoff;
    private final Clock clock;

    public RetryDelay(RetryBackoff backoff, Clock clock) {
        this.backoff = backoff;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        int retry = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY,
                backoff.delayMillis(retry, retryAfter(exchange.getException())));
    }

    private Optional<Duration> retryAfter(Exception failure) {
        if (failure instanceof HttpOperationFailedException http
                && (http.getStatusCode() == 429 || http.getStatusCode() == 503) && http.getResponseHeaders() != null) {
            for (Map.Entry<String, String> header : http.getResponseHeaders().entrySet()) {
                if ("Retry-After".equalsIgnoreCase(header.getKey())) {
                    return RetryAfter.parse(header.getValue(), clock);
                }
            }
        }
        return Optional.empty();
    }
}
