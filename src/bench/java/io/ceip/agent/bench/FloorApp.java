package io.ceip.agent.bench;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * Baseline (a) of the benchmark: the runtime's floor, a bare camel-main application with one timer → log route,
 * run from the agent's own class path (same Camel, same JDK, same JVM flags). The first argument is the timer period
 * in milliseconds, or {@code once}: the timer fires once, camel-main stops after that one message and the JVM exits
 * (the floor of a one-shot command: start, one exchange, stop).
 */
public final class FloorApp {

    private FloorApp() {
    }

    public static void main(String[] args) throws Exception {
        boolean once = args.length > 0 && args[0].equals("once");
        long period = once ? 1000 : args.length > 0 ? Long.parseLong(args[0]) : 1000;
        Main main = new Main();
        // no properties: the agent's jar, on this class path, carries the application.properties that camel-main's
        // own Main would read by default (it starts the agent's routes), and the floor is a bare application
        main.setPropertyPlaceholderLocations("classpath:bench-floor.properties;optional=true");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:floor?period=" + period + (once ? "&repeatCount=1" : "")).routeId("floor")
                        .to("log:floor");
            }
        });
        if (once) {
            main.configure().setDurationMaxMessages(1);
        }
        main.run();
        if (once) {
            System.exit(0); // as the agent's one-shot ends: System.exit with the command's code
        }
    }
}
