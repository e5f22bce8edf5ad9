package io.ceip.collector.intake;

import io.vertx.core.http.HttpServerRequest;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Tells {@link PlacesHeld} that a route's work on an HTTP request ended: the exchange's unit of work is done (Camel
 * has then written the answer, or found the connection closed). A route policy of every route (bound in the registry,
 * where camel-main finds it): the exchange's Vert.x request is taken when its work begins (its message is then
 * platform-http's), so a route that changes the message does not lose it.
 */
public final class WorkEnded extends RoutePolicySupport implements RoutePolicyFactory {

    private static final String REQUEST = "ceipVertxRequest";

    private final PlacesHeld places;

    WorkEnded(PlacesHeld places) {
        this.places = places;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return this;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (exchange.getIn() instanceof HttpMessage message && message.getRequest() != null
                && exchange.getProperty(REQUEST) == null) {
            exchange.setProperty(REQUEST, message.getRequest());
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (exchange.getProperty(REQUEST) instanceof HttpServerRequest request) {
            places.workEnded(request);
        }
    }
}
