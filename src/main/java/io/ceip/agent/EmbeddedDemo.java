package io.ceip.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.config.Settings;
import io.ceip.agent.report.ReportSchema;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The embedded demo (demo data in the product database, the embedded HTTPS collector), which is not part of the
 * production jar: its implementation lives in {@code ceip-agent-demo.jar} (source set {@code src/demo}) and is found
 * with {@link java.util.ServiceLoader} when that jar is on the class path. The production code never names it.
 */
public interface EmbeddedDemo {

    /** The product database, seeded with the demo data (and its read-only account) on first use. */
    DataSource seeding(DriverManagerDataSource productDatabase);

    /**
     * Makes the embedded collector's beans ({@code collectorSteps}, its TLS context {@code ceipCollectorTls}, with a
     * self-signed certificate under {@code dataDirectory/tls}), binds them with {@code bind}, and answers the
     * certificate, which the agent then trusts by default.
     */
    Path collector(Settings settings, Path dataDirectory, Supplier<ObjectMapper> mapper, ReportSchema schema,
            BiConsumer<String, Object> bind) throws Exception;

    /** The demo product's sample event lines (JSON, one event each), aggregated in memory at a full-consent start. */
    List<String> events();
}
