package io.ceip.collector;

import org.apache.camel.CamelContext;
import org.apache.camel.support.processor.DefaultExchangeFormatter;

/**
 * What Camel's tracer ({@code camel.main.tracing=true}) shows of an exchange at each step: its ID and its body's type,
 * never a body, header, property, variable or exception. Camel's default showed the headers and the body at every step:
 * each request's {@code Authorization} header (a product's token, the fleet token) and the report's JSON.
 */
final class StepsOnlyTrace {

    private StepsOnlyTrace() {
    }

    /** Sets the tracer's formatter of {@code context}, before it starts. */
    static void apply(CamelContext context) {
        DefaultExchangeFormatter formatter = new DefaultExchangeFormatter();
        formatter.setShowExchangeId(true);
        formatter.setShowBodyType(true);
        formatter.setShowBody(false);
        formatter.setShowHeaders(false);
        formatter.setShowProperties(false);
        formatter.setShowAllProperties(false);
        formatter.setShowVariables(false);
        formatter.setShowException(false);
        formatter.setShowCaughtException(false);
        formatter.setShowStackTrace(false);
        formatter.setShowExchangePattern(false);
        formatter.setMultiline(false);
        context.getTracer().setExchangeFormatter(formatter);
    }
}
