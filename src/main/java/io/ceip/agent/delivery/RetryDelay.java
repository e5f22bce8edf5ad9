package io.ceip.agent.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Runs right after a delivery attempt failed, as the {@code onExceptionOccurred} processor of the retried clauses of
 * ceip-delivery-errors: writes the attempt's ledger line first ({@link DeliverySteps#attemptFailed}: every failed
 * attempt is in the ledger before any wait; a failure before the request, a withdrawal, is no attempt), then sets the
 * wait before the next retry ({@code CamelRedeliveryDelay}, which Camel's error handler reads right after this): {@link RetryBackoff} with full jitter, honouring {@code Retry-After}
 * on 429 and 503. A wait that would pass the {@link RetryBudget} (a one-shot {@code send}) is not made: the retries end
 * here, as when {@code ceip.retry.max-redeliveries} is reached (the report stays pending), and the line that ends the
 * delivery says why ({@link RetryBudget#SPENT}).
 */
public final class RetryDelay implements Processor {

    private final DeliverySteps steps;
    private final RetryBackoff backoff;
    private final RetryBudget budget;
    private final Clock clock;

    public RetryDelay(DeliverySteps steps, RetryBackoff backoff, RetryBudget budget, Clock clock) {
        this.steps = steps;
        this.backoff = backoff;
        this.budget = budget;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        steps.attemptFailed(exchange);
        int retry = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        long delay = backoff.delayMillis(retry, retryAfter(exchange.getException()));
        if (budget.allows(delay)) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay);
        } else {
            exchange.setProperty(RetryBudget.SPENT, budget.spent(delay));
            exchange.getExchangeExtension().setRedeliveryExhausted(true); // Camel's error handler stops retrying
        }
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
