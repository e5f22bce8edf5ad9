package io.ceip.agent.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The status of a delivery attempt that failed, as the ledger, the store's {@code lastStatus}, the log lines and the
 * answers name it: {@code HTTP 503}, {@code proxy HTTP 407}, or the error's class name ({@code ConnectException}).
 */
final class AttemptStatus {

    private AttemptStatus() {
    }

    /** {@code HTTP 503} for a status, {@code proxy HTTP 407} for a proxy's refusal, else the error's class name. */
    static String of(Exchange exchange) {
        Exception exception = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, exchange.getException(), Exception.class);
        if (exception instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode();
        }
        if (exception instanceof ProxyRefusedException refused) {
            return "proxy HTTP " + refused.status();
        }
        return exception == null ? "Unknown" : exception.getClass().getSimpleName();
    }
}
