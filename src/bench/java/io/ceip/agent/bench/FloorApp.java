package io.ceip.agent.bench;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * Baseline (a) of the benchmark: the runtime's floor, a bare camel-main application with one timer → log route,
 * run from the agent's own class path (same Camel, same JDK, same JVM flags). The timer period in milliseconds is
 * the first argument.
 */
public final class FloorApp {

    private FloorApp() {
    }

    public static void main(String[] args) throws Exception {
        long period = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        Main main = new Main();
        // no properties: the agent's jar, on this class path, carries the application.properties that camel-main's
        // own Main would read by default (it starts the agent's routes), and the floor is a bare application
        main.setPropertyPlaceholderLocations("classpath:bench-floor.properties;optional=true");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:floor?period=" + period).routeId("floor").to("log:floor");
            }
        });
        main.run();
    }
}
