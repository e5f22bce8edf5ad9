package io.ceip.agent.ops;

import io.ceip.agent.delivery.Destination;
import io.ceip.agent.delivery.Destinations;
import io.ceip.agent.delivery.ReplaySteps;

import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * A replay of the customer destination's store ({@code direct:ceip-replay-due} with {@code ceipDestination=customer}),
 * when that destination is on: what an operator's withdrawal runs beside the vendor's replay (JMX
 * {@code setConsent("off")}, {@code ceip-agent send} at off), so that the kept copies are deleted unsent at once too
 * (the route's consent gate deletes them), not only at the customer's replay timer (which {@code send} does not run).
 */
final class CopiesReplay {

    private CopiesReplay() {
    }

    /** The finished replay of the customer's copies, or empty when that destination is off. */
    static Optional<Exchange> run(ProducerTemplate template) {
        Destinations destinations = template.getCamelContext().getRegistry().lookupByNameAndType("destinations",
                Destinations.class);
        if (destinations == null || destinations.customer().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(template.send("direct:ceip-replay-due",
                exchange -> exchange.setProperty(Destinations.PROPERTY, Destination.CUSTOMER)));
    }

    /** The customer's copies the replay {@link #run} deleted unsent (consent withdrawn); 0 when it did not run. */
    static int withdrawn(ProducerTemplate template) {
        return run(template).map(replay -> replay.getProperty(ReplaySteps.TALLY, ReplaySteps.Tally.class))
                .map(ReplaySteps.Tally::withdrawn).orElse(0);
    }
}
