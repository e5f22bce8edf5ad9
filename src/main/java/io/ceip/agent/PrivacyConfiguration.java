package io.ceip.agent;

import io.ceip.agent.collect.ProductConsentQuery;
import io.ceip.agent.config.Settings;
import io.ceip.agent.events.EventsOwnership;
import io.ceip.agent.files.StateStore;
import io.ceip.agent.ops.LocalConsent;
import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentVersionBinding;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.ConsentSettingFile;
import io.ceip.agent.privacy.ProductConsentReads;
import io.ceip.agent.privacy.ProductConsentSetting;
import io.ceip.agent.privacy.Pseudonyms;
import io.ceip.agent.privacy.RedactionRules;
import io.ceip.agent.privacy.RedactionRulesFile;

import java.util.function.IntSupplier;
import javax.sql.DataSource;

/**
 * The privacy stage: the consent policy (environment, consent file, product setting, default; every change audited),
 * bound as {@code consentPolicy}, and the redaction rules with their pseudonyms.
 */
final class PrivacyConfiguration {

    /** What later stages need: the consent policy, its audit log, the pseudonyms and the redaction rules. */
    record Privacy(ConsentPolicy consent, ConsentAudit audit, Pseudonyms pseudonyms, RedactionRules rules) {
    }

    private PrivacyConfiguration() {
    }

    /**
     * The product's consent setting, read by {@code sql}; a caller waits for another's read at most as long as one
     * read can take (connecting, then the query with its network timeout), then counts as undecided.
     */
    private static ProductConsentSetting consentQuery(Settings settings, DataSource database, String sql) {
        ProductConsentQuery query = new ProductConsentQuery(database, sql,
                (int) settings.number("ceip.collect.query-timeout"));
        // a caller arriving while a read is under way waits for it and for the next one: two reads at most
        return new ProductConsentReads(query, System::nanoTime,
                settings.duration("ceip.database.login-timeout").plus(query.longestRead()).multipliedBy(2));
    }

    static Privacy configure(Wiring wiring, DataSource database, StateStore state, IntSupplier dataSetVersion) {
        Settings settings = wiring.settings();
        // a one-shot command's own environment (DO_NOT_TRACK=1 send) is the installation's only when no running agent
        // holds the installation (its events): then the command acts for it (the timer's send), and is audited
        boolean installations = !wiring.oneShot()
                || !wiring.readsOnly() && !EventsOwnership.heldElsewhere(wiring.dataDirectory());
        ConsentAudit audit = new ConsentAudit(wiring.dataDirectory().resolve("consent-audit.log"), wiring.clock(),
                installations, !wiring.readsOnly());
        ProductConsentSetting productSetting = settings.optional("ceip.consent.query")
                .map(sql -> consentQuery(settings, database, sql))
                .orElse(null);
        ConsentPolicy consent = new ConsentPolicy(System.getenv(),
                new ConsentSettingFile(wiring.dataDirectory().resolve(ConsentSettingFile.NAME)), productSetting,
                ConsentLevel.parse(settings.string("ceip.consent.default")), dataSetVersion, audit,
                LocalConsent.binding(settings));
        wiring.bind("consentPolicy", consent);
        ConsentDecision now = consent.peek();
        if (ConsentVersionBinding.fellBack(now)) {
            consent.decide(); // audited now, once (the audit log records changes of the level only)
            Wiring.LOG.warn("Consent: full was given for another product version ({}): {} until given again"
                    + " (ceip-agent consent full, or JMX setConsent)", now.source(), now.level().id());
        }
        Pseudonyms pseudonyms = new Pseudonyms(state);
        wiring.bind("pseudonyms", pseudonyms); // preview: whether its pseudonyms are under the kept salt
        return new Privacy(consent, audit, pseudonyms,
                RedactionRulesFile.load(settings.path("ceip.redaction.rules-file"), pseudonyms));
    }
}
