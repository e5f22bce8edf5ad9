package io.ceip.agent;

import io.ceip.agent.collect.DriverManagerDataSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import javax.sql.DataSource;

/**
 * The embedded demo, beside the flow, when it is on the class path (an {@link EmbeddedDemo} found with
 * {@link ServiceLoader}: {@code ceip-agent-demo.jar}, which the runnable jar's manifest names, and the tests): demo
 * data seeded into the product database ({@code ceip.database.demo-data}) and the collector's single-node form,
 * started beside the agent in its JVM ({@code ceip.collector.enabled}). Either setting on without the demo stops the start with one line naming the key.
 */
final class DemoConfiguration {

    private DemoConfiguration() {
    }

    /** The product database, seeded with the demo data on first use if {@code ceip.database.demo-data} is on. */
    static DataSource database(Wiring wiring, DriverManagerDataSource productDatabase) {
        return wiring.settings().bool("ceip.database.demo-data")
                ? demo("ceip.database.demo-data").seeding(productDatabase) : productDatabase;
    }

    /**
     * The demo's collector, if enabled: started now, stopped with the Camel context; answers its certificate, which
     * the agent then trusts by default.
     */
    static Optional<Path> collector(Wiring wiring) throws Exception {
        if (!wiring.settings().bool("ceip.collector.enabled")) {
            return Optional.empty();
        }
        EmbeddedDemo.RunningCollector collector = demo("ceip.collector.enabled").collector(wiring.settings());
        wiring.closeOnStop(collector.node());
        return Optional.of(collector.certificate());
    }

    /** The demo product's sample event lines when {@code ceip.database.demo-data} is on, else none. */
    static List<String> events(Wiring wiring) {
        return wiring.settings().bool("ceip.database.demo-data") ? demo("ceip.database.demo-data").events()
                : List.of();
    }

    private static EmbeddedDemo demo(String key) {
        return ServiceLoader.load(EmbeddedDemo.class, DemoConfiguration.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(key + "=true needs the embedded demo"
                        + " (ceip-agent-demo.jar), which is not installed: set ceip.database.demo-data=false and"
                        + " ceip.collector.enabled=false"));
    }
}
