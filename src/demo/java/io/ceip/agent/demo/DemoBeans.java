package io.ceip.agent.demo;

import io.ceip.agent.EmbeddedDemo;
import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.config.Settings;

import java.util.List;
import javax.sql.DataSource;

/**
 * The embedded demo's beans, found by the agent with {@link java.util.ServiceLoader} (this source set's
 * {@code META-INF/services/io.ceip.agent.EmbeddedDemo}): the demo data seeded into the product database, the demo
 * product's events, and the collector's single-node form beside the agent ({@link DemoCollector}).
 */
public final class DemoBeans implements EmbeddedDemo {

    @Override
    public DataSource seeding(DriverManagerDataSource productDatabase) {
        return DemoDatabase.seedingOnFirstUse(productDatabase);
    }

    @Override
    public RunningCollector collector(Settings settings) throws Exception {
        try {
            return DemoCollector.start(settings);
        } catch (NoClassDefFoundError missing) {
            // the demo jar without its demo-lib/ beside it (copied alone, say): one line, not a stack trace
            throw new IllegalArgumentException("ceip.collector.enabled=true needs the collector's jar"
                    + " (demo-lib/ceip-collector.jar beside ceip-agent-demo.jar), which is not installed: build it"
                    + " as the README says, or set ceip.collector.enabled=false", missing);
        }
    }

    @Override
    public List<String> events() {
        return DemoEvents.lines();
    }
}
