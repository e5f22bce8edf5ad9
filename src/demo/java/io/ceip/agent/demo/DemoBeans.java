package io.ceip.agent.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.EmbeddedDemo;
import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.config.Settings;
import io.ceip.agent.demo.collector.CollectorLimits;
import io.ceip.agent.demo.collector.CollectorSteps;
import io.ceip.agent.demo.collector.CollectorStore;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.tls.TlsContexts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The embedded demo's beans, found by the agent with {@link java.util.ServiceLoader} (this source set's
 * {@code META-INF/services/io.ceip.agent.EmbeddedDemo}): the demo data seeded into the product database and the
 * embedded collector with its self-signed certificate.
 */
public final class DemoBeans implements EmbeddedDemo {

    @Override
    public DataSource seeding(DriverManagerDataSource productDatabase) {
        return DemoDatabase.seedingOnFirstUse(productDatabase);
    }

    @Override
    public Path collector(Settings settings, Path dataDirectory, Supplier<ObjectMapper> mapper, ReportSchema schema,
            BiConsumer<String, Object> bind) throws Exception {
        Path collectorTls = dataDirectory.resolve("tls");
        SelfSignedCertificate.ensure(collectorTls);
        String password = Files.readString(collectorTls.resolve(SelfSignedCertificate.PASSWORD),
                StandardCharsets.US_ASCII);
        bind.accept("ceipCollectorTls",
                TlsContexts.server(collectorTls.resolve(SelfSignedCertificate.KEY_STORE), password));
        bind.accept("collectorSteps", new CollectorSteps(
                new CollectorStore(settings.path("ceip.collector.directory"), mapper, schema),
                new CollectorLimits(settings.number("ceip.collector.max-compressed-bytes"),
                        settings.number("ceip.collector.max-decompressed-bytes"))));
        return collectorTls.resolve(SelfSignedCertificate.CERTIFICATE);
    }

    @Override
    public List<String> events() {
        return DemoEvents.lines();
    }
}
