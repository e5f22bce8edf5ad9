package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.collect.InstallationId;
import io.ceip.agent.config.Settings;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.ConsentSettingFile;
import io.ceip.agent.report.ReportSchema;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

/**
 * What {@code status} prints: installation ID, consent and its source, last delivery and last attempt (from the
 * ledger), dead-letter counts. It reads the configuration and the data directory only: no network, no database,
 * and it writes nothing.
 */
public final class StatusReport {

    private final Settings settings;

    public StatusReport(Settings settings) {
        this.settings = settings;
    }

    public String render() {
        ObjectMapper mapper = new ObjectMapper();
        Path data = settings.path("ceip.data.directory");
        StringBuilder out = new StringBuilder();
        line(out, "agent", "ceip-agent " + settings.string("ceip.agent.version"));
        line(out, "data directory", data.toAbsolutePath().normalize().toString());
        if (settings.bool("ceip.cluster.enabled")) {
            line(out, "installation ID", "kept in the cluster database (ceip.cluster.database.url, table CEIP_STATE;"
                    + " not read by status)");
        } else {
            line(out, "installation ID", new InstallationId(data.resolve(InstallationId.NAME)).existing()
                    .map(UUID::toString).orElse("none yet (created by the first report)"));
        }
        ConsentPolicy consent = new ConsentPolicy(System.getenv(), new ConsentSettingFile(data.resolve("consent")),
                null, ConsentLevel.parse(settings.string("ceip.consent.default")),
                ReportSchema.load(mapper).dataSetVersion(), new ConsentAudit(data.resolve("consent-audit.log"),
                        Clock.systemUTC()));
        ConsentDecision decision = consent.peek();
        line(out, "consent", decision.toString());
        if (settings.optional("ceip.consent.query").isPresent() && decision.source().startsWith("config:")) {
            line(out, "", "ceip.consent.query is set: the product's own setting (not read by status) may decide");
        }
        DeliveryLedger ledger = new DeliveryLedger(data.resolve("ledger.log"), Long.MAX_VALUE, 1, Clock.systemUTC());
        line(out, "last delivery", ledger.lastSuccess().map(StatusReport::describe).orElse("none recorded"));
        line(out, "last attempt", ledger.last().map(StatusReport::describe).orElse("none recorded"));
        DeadLetterStore store = new DeadLetterStore(settings.path("ceip.dead-letter.directory"), () -> mapper,
                Clock.systemUTC());
        line(out, "dead letters", store.count(DeadLetter.PENDING) + " pending, " + store.count(DeadLetter.REJECTED)
                + " rejected, " + store.totalBytes() + " bytes");
        line(out, "endpoint", Settings.withoutSecrets(settings.string("ceip.endpoint.url")));
        return out.toString();
    }

    private static String describe(DeliveryLedger.Entry entry) {
        return entry.time() + " report " + entry.reportId() + " " + entry.outcome() + " (attempt " + entry.attempt()
                + ", " + entry.bytes() + " bytes)";
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-16s %s%n", label.isEmpty() ? "" : label + ":", value));
    }
}
