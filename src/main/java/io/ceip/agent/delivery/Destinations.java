package io.ceip.agent.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Exchange;

/**
 * The destinations of this agent: the vendor's endpoint, and the customer's own when
 * {@code ceip.customer-endpoint.enabled}. The routes name the destination of an exchange in the property
 * {@value #PROPERTY} (absent: the vendor's, as for every new report; {@code customer}: set by
 * {@code ceip-deliver-copies}); the beans of the deliver, send, delivery-errors and replay routes ask this class which
 * store, ledger, status and URI that is. It decides nothing: the routes decide each outcome.
 */
public final class Destinations {

    /** Exchange property naming the destination of a delivery ({@link Destination#name()}); absent: the vendor. */
    public static final String PROPERTY = "ceipDestination";

    private final Destination vendor;
    private final Optional<Destination> customer;

    public Destinations(Destination vendor, Optional<Destination> customer) {
        this.vendor = vendor;
        this.customer = customer;
    }

    /** The vendor's endpoint. */
    public Destination vendor() {
        return vendor;
    }

    /** The customer's own endpoint, when it is on. */
    public Optional<Destination> customer() {
        return customer;
    }

    /** Every destination, the vendor's first. */
    public List<Destination> all() {
        List<Destination> all = new ArrayList<>(List.of(vendor));
        customer.ifPresent(all::add);
        return all;
    }

    /**
     * The destination {@code exchange} delivers to.
     *
     * @throws IllegalStateException for a name that is not an enabled destination (a bug: the routes set only fixed
     *         names)
     */
    public Destination of(Exchange exchange) {
        return named(exchange.getProperty(PROPERTY, Destination.VENDOR, String.class));
    }

    /** The enabled destination called {@code name}. */
    public Destination named(String name) {
        if (Destination.VENDOR.equals(name)) {
            return vendor;
        }
        return customer.filter(c -> c.name().equals(name))
                .orElseThrow(() -> new IllegalStateException("no destination " + name + " is enabled"));
    }

    /** The send route's target: the validated URL of this exchange's destination, on its own HTTP component. */
    public String uri(Exchange exchange) {
        return of(exchange).sendUri();
    }
}
