package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.config.Settings;
import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.ConsentSettingFile;
import io.ceip.agent.privacy.ConsentVersionBinding;
import io.ceip.agent.privacy.ProductConsentSetting;
import io.ceip.agent.report.ConsentUnknownException;
import io.ceip.agent.report.ReportSchema;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The consent policy as the commands that start no routes see it ({@code status}, {@code consent}): the environment,
 * the administrator's setting in the data directory ({@code consent}) and {@code ceip.consent.default}, with the same
 * audit log as the agent's ({@code consent-audit.log}), where the command's own environment is not recorded (a shell's
 * {@code DO_NOT_TRACK} is the command's, not the installation's withdrawal). The product's own setting ({@code ceip.consent.query}) is not
 * read: these commands touch no database.
 */
public final class LocalConsent {

    private LocalConsent() {
    }

    /** The policy for the data directory and default of {@code settings}, in this process's environment. */
    public static ConsentPolicy policy(Settings settings) {
        return policy(settings, System.getenv());
    }

    /**
     * The policy in {@code environment}: the {@code consent} command decides in an empty one, the installation's
     * (a kill switch in the administrator's shell is not the installation's).
     */
    public static ConsentPolicy policy(Settings settings, Map<String, String> environment) {
        return policy(settings, environment, null, audit(settings));
    }

    /**
     * The {@code consent} command's policy for {@code chosen} (null: {@code reset}): the installation's environment
     * (none of the administrator's shell). Where the product's own setting may decide ({@code ceip.consent.query}),
     * which this command does not read: an {@code off} is decided at once, a {@code basic} is decided as at most
     * basic (the product's setting can only lower it: audited and told to the product now, so that the product stops
     * recording events at once) when the log's last level is {@code full} (else it may be the product's off: not known
     * here), a {@code full} or a {@code reset} is undecided here ({@link ProductConsentSetting#NOT_READ_HERE}: the agent
     * decides it with the product's setting and records it).
     */
    public static ConsentPolicy forConsentCommand(Settings settings, ConsentLevel chosen) {
        ConsentAudit audit = audit(settings);
        boolean unknown = settings.optional("ceip.consent.query").isPresent() && (chosen != ConsentLevel.OFF)
                && (chosen != ConsentLevel.BASIC || !audit.lastLevel().equals(ConsentLevel.FULL.id()));
        return policy(settings, Map.of(), unknown ? ProductConsentSetting.NOT_READ_HERE : null, audit);
    }

    private static ConsentAudit audit(Settings settings) {
        return new ConsentAudit(settings.path("ceip.data.directory").resolve("consent-audit.log"), Clock.systemUTC(),
                false);
    }

    private static ConsentPolicy policy(Settings settings, Map<String, String> environment,
            ProductConsentSetting product, ConsentAudit audit) {
        Path data = settings.path("ceip.data.directory");
        return new ConsentPolicy(environment, new ConsentSettingFile(data.resolve(ConsentSettingFile.NAME)), product,
                ConsentLevel.parse(settings.string("ceip.consent.default")),
                () -> ReportSchema.load(new ObjectMapper()).dataSetVersion(),
                audit, binding(settings));
    }

    /**
     * The consent as {@code status} shows it, then its notes: the effective level and its source, or the agent's last
     * decision where the product's own setting decided otherwise at its last look ({@code auditLog} shown as the
     * file it is from); a damaged setting or audit log it is decided from is {@code undecided:} and why (the file and
     * what is wrong, never its content), as a report cycle finds it, never a failure of {@code status}.
     */
    static List<String> shown(Settings settings, String auditLog) {
        ConsentDecision decision;
        try {
            decision = policy(settings).peek();
        } catch (RuntimeException damaged) {
            return List.of("undecided: " + ConsentUnknownException.reason(damaged) + "; nothing is collected or sent"
                    + " until that is fixed");
        }
        Optional<ConsentLevel> inEffect = settings.optional("ceip.consent.query").flatMap(query ->
                lastInEffect(settings)).filter(level -> level != decision.level());
        List<String> shown = new ArrayList<>(List.of(inEffect.map(level -> level.id() + " (the agent's last decision, "
                + auditLog + "); without the product's own setting: " + decision).orElse(decision.toString())));
        shown.addAll(notes(settings, decision));
        return shown;
    }

    /**
     * What {@code status} adds below the consent it shows: a {@code full} consent that fell back (another product
     * version), and that the product's own setting, which these commands do not read, may decide.
     */
    public static List<String> notes(Settings settings, ConsentDecision decision) {
        List<String> notes = new ArrayList<>();
        if (ConsentVersionBinding.fellBack(decision)) {
            notes.add("full was given for another product major.minor version (or none that is a version): "
                    + decision.level().id() + " until it is given again (ceip-agent consent full);"
                    + " ceip.consent.on-product-upgrade=" + settings.string("ceip.consent.on-product-upgrade"));
        }
        if (decision.level() != ConsentLevel.OFF) { // a report cycle reads the audit log to decide
            try {
                new ConsentAudit(settings.path("ceip.data.directory").resolve("consent-audit.log"), Clock.systemUTC(),
                        false, false).lastLevel();
            } catch (RuntimeException unreadable) {
                notes.add("but a report cycle cannot decide it (" + ConsentUnknownException.reason(unreadable)
                        + "): nothing is collected or sent until that is fixed");
            }
        }
        boolean byDefault = decision.source().startsWith("config:");
        boolean productMayDecide = byDefault || decision.level() != ConsentLevel.OFF;
        if (settings.optional("ceip.consent.query").isPresent() && productMayDecide) {
            notes.add("ceip.consent.query is set: the product's own setting (not read by status) "
                    + (byDefault ? "may decide" : "wins when it is off"));
        }
        return notes;
    }

    /**
     * The level the consent audit log records last: the running agent's last decision, the product's own setting
     * included where {@code ceip.consent.query} is set (which these commands do not read); read only, empty before
     * the log's first change or when it cannot be read.
     */
    public static Optional<ConsentLevel> lastInEffect(Settings settings) {
        try {
            String last = new ConsentAudit(settings.path("ceip.data.directory").resolve("consent-audit.log"),
                    Clock.systemUTC(), false, false).lastLevel();
            return last.equals("none") ? Optional.empty() : Optional.of(ConsentLevel.parse(last));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** A {@code full} consent bound to {@code ceip.product.version} as {@code ceip.consent.on-product-upgrade} says. */
    public static ConsentVersionBinding binding(Settings settings) {
        return ConsentVersionBinding.of(settings.string("ceip.product.version"),
                settings.string("ceip.consent.on-product-upgrade"));
    }
}
