package io.ceip.agent.delivery;

import io.ceip.agent.report.ReportSteps;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each failed attempt that will be retried: one log line (report ID, attempt, HTTP status or error class)
 * and one ledger line, and counted in the agent's status. Camel's own retry log is kept at DEBUG because it prints the exception message, which
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
        steps.ledger(exchange, DeliverySteps.outcome(exchange));
        steps.retried();
        LOG.warn("Report {}: attempt {} failed ({}); retrying", exchange.getProperty(ReportSteps.REPORT_ID),
                exchange.getProperty(DeliverySteps.ATTEMPTS, 0, Integer.class), DeliverySteps.outcome(exchange));
    }
}
