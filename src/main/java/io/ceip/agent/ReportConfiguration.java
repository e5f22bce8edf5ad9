package io.ceip.agent;

import io.ceip.agent.PrivacyConfiguration.Privacy;
import io.ceip.agent.ScheduleConfiguration.Schedule;
import io.ceip.agent.collect.CollectionConnection;
import io.ceip.agent.collect.InventoryCatalog;
import io.ceip.agent.collect.SystemInfoCollector;
import io.ceip.agent.collect.UsageQueries;
import io.ceip.agent.config.Settings;
import io.ceip.agent.events.EventStore;
import io.ceip.agent.ops.FirstStartNotice;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.report.EventsFit;
import io.ceip.agent.report.FeatureWindow;
import io.ceip.agent.report.InventorySteps;
import io.ceip.agent.report.OneReportAtATime;
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

    /** The redactor, and what the reports configured here can carry (for the first start's notice). */
    record Report(ReportRedactor redactor, FirstStartNotice.Contents contents) {
    }

    private ReportConfiguration() {
    }

    static Report configure(Wiring wiring, Schedule schedule, CollectionConnection database, Privacy privacy,
            ReportSchema schema, AgentStatus status, EventStore events) {
        Settings settings = wiring.settings();
        ReportRedactor redactor = new ReportRedactor(schema, privacy.rules(),
                settings.bool("ceip.redaction.bin-counts"), wiring.mapper());
        ProductInfo product = new ProductInfo(settings.string("ceip.product.name"),
                settings.string("ceip.product.version"), settings.optional("ceip.product.edition").orElse(null));
        UsageQueries queries = UsageQueries.load(settings.path("ceip.collect.queries-file"));
        wiring.bind("reportSteps", new ReportSteps(schedule.installationId(), privacy.consent(), product,
                new SystemInfoCollector(System.getProperties(), settings.string("ceip.agent.version")), database,
                queries, redactor, privacy.pseudonyms(),
                new FeatureWindow(schedule.state()), status, wiring.clock(), events,
                new EventsFit(settings.number("ceip.report.max-bytes")), new OneReportAtATime(settings
                        .duration("ceip.collect.budget").plus(settings.duration("ceip.database.login-timeout"))
                        .plusMinutes(1), wiring.clock(), wiring.dataDirectory())));
        Path catalogFile = settings.optional("ceip.inventory.catalog-file").map(Path::of)
                .orElse(null);
        InventoryCatalog catalog = catalogFile == null ? InventoryCatalog.none() : InventoryCatalog.load(catalogFile);
        wiring.bind("inventorySteps", new InventorySteps(catalog, catalogFile, privacy.pseudonyms(), privacy.rules(),
                database.maxRows(), (int) settings.number("ceip.inventory.max-components"),
                (int) settings.number("ceip.inventory.max-engines"), settings.number("ceip.inventory.max-file-bytes")));
        int basic = queries.allowedUnder(ConsentLevel.BASIC).size();
        return new Report(redactor, new FirstStartNotice.Contents(basic, queries.all().size() - basic,
                catalog.hasComponents(), catalog.hasLicence(), settings.bool("ceip.events.enabled")
                        || settings.bool("ceip.events.http.enabled") || settings.bool("ceip.database.demo-data")));
    }
}
