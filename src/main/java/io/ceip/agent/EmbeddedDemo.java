package io.ceip.agent;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.config.Settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The embedded demo (demo data in the product database, the collector beside the agent), which is not part of the
 * production jar: its implementation lives in {@code ceip-agent-demo.jar} (source set {@code src/demo}) and is found
 * with {@link java.util.ServiceLoader} when that jar is on the class path. The production code never names it.
 */
public interface EmbeddedDemo {

    /** The product database, seeded with the demo data (and its read-only account) on first use. */
    DataSource seeding(DriverManagerDataSource productDatabase);

    /**
     * Starts the demo's collector, the collector's single-node form (the repository's {@code collector/}), in this
     * JVM on {@code ceip.collector.host} and {@code ceip.collector.port}, its data under
     * {@code ceip.collector.directory}; answers it running.
     */
    RunningCollector collector(Settings settings) throws Exception;

    /** The demo product's sample event lines (JSON, one event each), aggregated in memory at a full-consent start. */
    List<String> events();

    /**
     * The demo's collector, started: its self-signed certificate (which the agent then trusts by default), or none
     * when it serves the vendor's own ({@code collector.tls.certificate}), and what stops it, with the agent.
     */
    record RunningCollector(Optional<Path> certificate, AutoCloseable node) {
    }
}
