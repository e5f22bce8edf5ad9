package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.config.Settings;
import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.ConsentSettingFile;
import io.ceip.agent.privacy.ConsentVersionBinding;
import io.ceip.agent.report.ReportSchema;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The consent policy as the commands that start no routes see it ({@code status}, {@code consent}): the environment,
 * the administrator's setting in the data directory ({@code consent}) and {@code ceip.consent.default}, with the same
 * audit log as the agent's ({@code consent-audit.log}). The product's own setting ({@code ceip.consent.query}) is not
 * read: these commands touch no database.
 */
public final class LocalConsent {

    private LocalConsent() {
    }

    /** The policy for the data directory and default of {@code settings}. */
    public static ConsentPolicy policy(Settings settings) {
        Path data = settings.path("ceip.data.directory");
        return new ConsentPolicy(System.getenv(), new ConsentSettingFile(data.resolve("consent")), null,
                ConsentLevel.parse(settings.string("ceip.consent.default")),
                () -> ReportSchema.load(new ObjectMapper()).dataSetVersion(),
                new ConsentAudit(data.resolve("consent-audit.log"), Clock.systemUTC()), binding(settings));
    }

    /** A {@code full} consent bound to {@code ceip.product.version} as {@code ceip.consent.on-product-upgrade} says. */
    public static ConsentVersionBinding binding(Settings settings) {
        return ConsentVersionBinding.of(settings.string("ceip.product.version"),
                settings.string("ceip.consent.on-product-upgrade"));
    }
}
