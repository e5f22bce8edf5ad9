package io.ceip.agent.delivery;

import io.ceip.agent.report.ReportSteps;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each retry, as the {@code onRedelivery} processor (after the wait, right before the next attempt): one line
 * with the report ID, the attempt and the HTTP status or error class (its ledger line was written before the wait,
 * by {@link RetryDelay}), and counts the retry in the agent's status. Camel's own retry log is kept at DEBUG because it prints the exception message, which
 * carries the endpoint URL (and a URL can carry a token).
 */
public final class RetryLogger implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryLogger.class);

    private final DeliverySteps steps;

    public RetryLogger(DeliverySteps steps) {
        this.steps = steps;
    }

    @Override
    public void process(Exchange exchange) {
        steps.retried(exchange);
        LOG.warn("Report {}{}: attempt {} failed ({}); retrying", exchange.getProperty(ReportSteps.REPORT_ID),
                steps.copy(exchange),
                exchange.getProperty(DeliverySteps.ATTEMPTS, 0, Integer.class), AttemptStatus.of(exchange));
    }
}
