package io.ceip.agent;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.config.Settings;
import io.ceip.agent.demo.DemoDatabase;
import io.ceip.agent.demo.SelfSignedCertificate;
import io.ceip.agent.demo.collector.CollectorLimits;
import io.ceip.agent.demo.collector.CollectorSteps;
import io.ceip.agent.demo.collector.CollectorStore;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.tls.TlsContexts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The embedded demo, beside the flow: demo data seeded into the product database ({@code ceip.database.demo-data})
 * and the embedded collector ({@code ceip.collector.enabled}: {@code collectorSteps} and its TLS context
 * {@code ceipCollectorTls}, with a self-signed certificate under the data directory).
 */
final class DemoConfiguration {

    private DemoConfiguration() {
    }

    /** The product database, seeded with the demo data on first use if {@code ceip.database.demo-data} is on. */
    static DataSource database(Wiring wiring, DriverManagerDataSource productDatabase) {
        return wiring.settings().bool("ceip.database.demo-data") ? DemoDatabase.seedingOnFirstUse(productDatabase)
                : productDatabase;
    }

    /** The embedded collector, if enabled; answers its certificate, which the agent then trusts by default. */
    static Optional<Path> collector(Wiring wiring, ReportSchema schema) throws Exception {
        Settings settings = wiring.settings();
        if (!settings.bool("ceip.collector.enabled")) {
            return Optional.empty();
        }
        Path collectorTls = wiring.dataDirectory().resolve("tls");
        SelfSignedCertificate.ensure(collectorTls);
        String password = Files.readString(collectorTls.resolve(SelfSignedCertificate.PASSWORD),
                StandardCharsets.US_ASCII);
        wiring.bind("ceipCollectorTls",
                TlsContexts.server(collectorTls.resolve(SelfSignedCertificate.KEY_STORE), password));
        wiring.bind("collectorSteps", new CollectorSteps(
                new CollectorStore(settings.path("ceip.collector.directory"), wiring.mapper(), schema),
                new CollectorLimits(settings.number("ceip.collector.max-compressed-bytes"),
                        settings.number("ceip.collector.max-decompressed-bytes"))));
        return Optional.of(collectorTls.resolve(SelfSignedCertificate.CERTIFICATE));
    }
}
