package io.ceip.agent;

import io.ceip.agent.PrivacyConfiguration.Privacy;
import io.ceip.agent.ScheduleConfiguration.Schedule;
import io.ceip.agent.collect.CollectionConnection;
import io.ceip.agent.collect.InventoryCatalog;
import io.ceip.agent.collect.SystemInfoCollector;
import io.ceip.agent.collect.UsageQueries;
import io.ceip.agent.config.Settings;
import io.ceip.agent.events.EventStore;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.report.FeatureWindow;
import io.ceip.agent.report.InventorySteps;
import io.ceip.agent.report.ProductInfo;
import io.ceip.agent.report.ReportRedactor;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.report.ReportSteps;

import java.nio.file.Path;

/**
 * The report stage: the collection steps ({@code reportSteps}: system, database, usage queries, features), the
 * inventory steps ({@code inventorySteps}: components and licence, declared in {@code ceip.inventory.catalog-file})
 * and the redactor that applies consent and the redaction rules to the report.
 */
final class ReportConfiguration {

    private ReportConfiguration() {
    }

    static ReportRedactor configure(Wiring wiring, Schedule schedule, CollectionConnection database, Privacy privacy,
            ReportSchema schema, AgentStatus status, EventStore events) {
        Settings settings = wiring.settings();
        ReportRedactor redactor = new ReportRedactor(schema, privacy.rules(),
                settings.bool("ceip.redaction.bin-counts"), wiring.mapper());
        ProductInfo product = new ProductInfo(settings.string("ceip.product.name"),
                settings.string("ceip.product.version"), settings.optional("ceip.product.edition").orElse(null));
        wiring.bind("reportSteps", new ReportSteps(schedule.installationId(), privacy.consent(), product,
                new SystemInfoCollector(System.getProperties(), settings.string("ceip.agent.version")), database,
                UsageQueries.load(settings.path("ceip.collect.queries-file")), redactor, privacy.pseudonyms(),
                new FeatureWindow(schedule.state()), status, wiring.clock(), events));
        Path catalogFile = settings.optional("ceip.inventory.catalog-file").map(Path::of)
                .orElse(null);
        wiring.bind("inventorySteps", new InventorySteps(catalogFile == null ? InventoryCatalog.none()
                : InventoryCatalog.load(catalogFile), catalogFile, privacy.pseudonyms(), privacy.rules(), database.maxRows(),
                (int) settings.number("ceip.inventory.max-components"), (int) settings.number("ceip.inventory.max-engines"),
                settings.number("ceip.inventory.max-file-bytes")));
        return redactor;
    }
}
