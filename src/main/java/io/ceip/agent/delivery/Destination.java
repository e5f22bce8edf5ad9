package io.ceip.agent.delivery;

import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.SentReports;
import io.ceip.agent.privacy.ConsentLevel;

/**
 * One place reports go: the vendor's endpoint ({@value #VENDOR}, {@code ceip.endpoint.*}) or the customer's own
 * ({@value #CUSTOMER}, {@code ceip.customer-endpoint.*}), each with its own store and queue, ledger, status,
 * consent ceiling and the URI the send route posts to (its own HTTP component, with its own TLS and token). The
 * deliver and send routes are the same for both; the exchange property {@value Destinations#PROPERTY} names the destination.
 *
 * @param name {@value #VENDOR} or {@value #CUSTOMER}: a fixed name, never from a setting (used in ledger lines,
 *        logs, metrics labels and JMX names)
 * @param sent the copies of the last reports delivered here
 * @param sendUri the URI of the send route's {@code toD}: the validated URL, on this destination's component
 * @param ceiling the most a report sent here carries ({@code full} for the vendor: the effective consent alone)
 */
public record Destination(String name, DeliveryQueue queue, DeliveryLedger ledger, SentReports sent,
        AgentStatus status, ConsentLevel ceiling, String sendUri) {

    /** The vendor's endpoint. */
    public static final String VENDOR = "vendor";
    /** The customer's own endpoint. */
    public static final String CUSTOMER = "customer";

    /** The level a report sent here may carry when consent is {@code effective}: the lower of the two. */
    public ConsentLevel allowed(ConsentLevel effective) {
        return effective.covers(ceiling) ? ceiling : effective;
    }

    /** {@code the customer's endpoint}, {@code the vendor's endpoint}: for log lines. */
    public String label() {
        return "the " + name + "'s endpoint";
    }

    @Override
    public String toString() {
        return name;
    }
}
