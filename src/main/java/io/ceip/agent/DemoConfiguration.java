package io.ceip.agent;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.config.SettingCatalog;
import io.ceip.agent.config.Settings;

import java.net.URI;
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

    /**
     * The product database, seeded with the demo data on first use if {@code ceip.database.demo-data} is on; one WARN
     * line when the product is no longer the demo's (its report would carry the demo's counts under its name).
     */
    static DataSource database(Wiring wiring, DriverManagerDataSource productDatabase) {
        if (!wiring.settings().bool("ceip.database.demo-data")) {
            return productDatabase;
        }
        if (!SettingCatalog.embedded().find("ceip.product.name").orElseThrow().defaultValue()
                .equals(wiring.settings().string("ceip.product.name"))) {
            Wiring.LOG.warn("ceip.database.demo-data=true, but ceip.product.name is no longer the demo's: the report"
                    + " counts the demo database's rows and events under your product's name; set"
                    + " ceip.database.demo-data=false and ceip.database.url to your product's database");
        }
        return demo("ceip.database.demo-data").seeding(productDatabase);
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
        if (collector.certificate().isEmpty()) {
            Wiring.LOG.info("The demo's collector serves collector.tls.certificate (its own, not a self-signed"
                    + " collector.pem): the agent trusts it through ceip.endpoint.trust-store ({})",
                    wiring.settings().optional("ceip.endpoint.trust-store").orElse("empty: the JVM's trust store"));
        }
        return collector.certificate();
    }

    /**
     * One WARN line when the demo's collector runs but {@code vendor}, the endpoint reports go to, is not it (another
     * port, or a host beyond loopback): it then takes none of this agent's reports, yet holds a port and the demo's
     * public tokens; the vendor who pointed the endpoint at its own collector left {@code ceip.collector.enabled} on.
     */
    static void warnIfNotTheEndpoint(Wiring wiring, URI vendor) {
        if (!wiring.settings().bool("ceip.collector.enabled")) {
            return;
        }
        String host = vendor.getHost().replaceAll("^\\[|]$", "").toLowerCase(java.util.Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        int port = vendor.getPort() < 0 ? 443 : vendor.getPort();
        if (!loopback || port != wiring.settings().number("ceip.collector.port")) {
            Wiring.LOG.warn("ceip.collector.enabled=true: the demo's collector listens on {}:{}, but ceip.endpoint.url"
                    + " is {}: it takes none of this agent's reports; set ceip.collector.enabled=false",
                    wiring.settings().string("ceip.collector.host"), wiring.settings().number("ceip.collector.port"),
                    Settings.withoutSecrets(vendor.toString()));
        }
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
