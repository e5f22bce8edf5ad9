package io.ceip.agent.privacy;

import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the effective consent level. Sources, highest precedence first:
 * <ol>
 * <li>the kill switches in the environment: {@code DO_NOT_TRACK=1} (or {@code true}) or {@code CEIP_DISABLED=true}
 * give {@code off};</li>
 * <li>the runtime setting made by an administrator over JMX, persisted in a {@link ConsentSettingFile}; a
 * {@code full} consent given for an older data set than the current one counts as {@code basic} until
 * it is given again, and one given for another product major.minor version counts as the
 * {@link ConsentVersionBinding}'s fallback ({@code basic}, or {@code off} for opt-in) until it is given again;</li>
 * <li>the product's own setting ({@link ProductConsentSetting}, {@code ceip.consent.query}), when configured; if
 * it cannot be read, consent is undecided ({@link ConsentDecision#undecided()}): {@code off} for what is collected
 * and sent (fail closed), yet no withdrawal: what is kept stays kept;</li>
 * <li>{@code ceip.consent.default} from configuration.</li>
 * </ol>
 * The decision is computed on every call, so a change is seen by the next report without a restart; each change
 * of the effective level is written to the {@link ConsentAudit}.
 */
public final class ConsentPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentPolicy.class);

    private final Map<String, String> environment;
    private final ConsentSettingFile runtimeSetting;
    private final ProductConsentSetting productSetting;
    private final ConsentLevel configDefault;
    private final IntSupplier dataSetVersion;
    private final ConsentAudit audit;
    private final ConsentVersionBinding binding;
    /** Why the product's setting could not be read last time (said once until it is read again), or null. */
    private volatile String productFailure;

    /**
     * @param productSetting the product's setting, or null when {@code ceip.consent.query} is not set
     * @param dataSetVersion the version of the data set the agent collects now (see the report schema)
     */
    public ConsentPolicy(Map<String, String> environment, ConsentSettingFile runtimeSetting,
            ProductConsentSetting productSetting, ConsentLevel configDefault, int dataSetVersion, ConsentAudit audit) {
        this(environment, runtimeSetting, productSetting, configDefault, () -> dataSetVersion, audit);
    }

    /**
     * As above, with the data-set version asked for only when a decision needs it (a runtime {@code full} setting
     * is compared with it, or one is written): the agent reads it from the report schema, which is read on first use.
     */
    public ConsentPolicy(Map<String, String> environment, ConsentSettingFile runtimeSetting,
            ProductConsentSetting productSetting, ConsentLevel configDefault, IntSupplier dataSetVersion,
            ConsentAudit audit) {
        this(environment, runtimeSetting, productSetting, configDefault, dataSetVersion, audit,
                ConsentVersionBinding.UNBOUND);
    }

    /** As above, with a {@code full} runtime setting bound to the product version it was given for. */
    public ConsentPolicy(Map<String, String> environment, ConsentSettingFile runtimeSetting,
            ProductConsentSetting productSetting, ConsentLevel configDefault, IntSupplier dataSetVersion,
            ConsentAudit audit, ConsentVersionBinding binding) {
        this.binding = binding;
        this.environment = Map.copyOf(environment);
        this.runtimeSetting = runtimeSetting;
        this.productSetting = productSetting;
        this.configDefault = configDefault;
        this.dataSetVersion = dataSetVersion;
        this.audit = audit;
    }

    /** The effective level and its source; a change from the last decision is audited. */
    public ConsentDecision decide() {
        ConsentDecision decision = evaluate();
        audit.observe(decision);
        return decision;
    }

    /** The effective level and its source, without auditing (for previews and status). */
    public ConsentDecision peek() {
        return evaluate();
    }

    /** Records the administrator's choice for the current data set and product version; it survives restarts. */
    public ConsentDecision set(ConsentLevel level) {
        runtimeSetting.write(level, dataSetVersion.getAsInt(), binding.recordable());
        return decide();
    }

    public ConsentAudit audit() {
        return audit;
    }

    private ConsentDecision evaluate() {
        Optional<String> killSwitch = killSwitch();
        if (killSwitch.isPresent()) {
            return new ConsentDecision(ConsentLevel.OFF, ConsentAudit.ENVIRONMENT + killSwitch.get());
        }
        Optional<ConsentSettingFile.Setting> runtime = runtimeSetting.read();
        if (runtime.isPresent()) {
            ConsentSettingFile.Setting setting = runtime.get();
            if (setting.level() == ConsentLevel.FULL && setting.dataSetVersion() < dataSetVersion.getAsInt()) {
                return new ConsentDecision(ConsentLevel.BASIC, "runtime-setting:full-given-for-data-set-"
                        + setting.dataSetVersion() + "-current-is-" + dataSetVersion.getAsInt());
            }
            if (setting.level() == ConsentLevel.FULL) {
                Optional<ConsentDecision> fallen = binding.check(setting.productVersion());
                if (fallen.isPresent()) {
                    return fallen.get();
                }
            }
            return new ConsentDecision(setting.level(), "runtime-setting");
        }
        if (productSetting != null) {
            try {
                Optional<ConsentLevel> product = productSetting.read();
                productFailure = null;
                if (product.isPresent()) {
                    return new ConsentDecision(product.get(), "product-setting");
                }
            } catch (Exception e) {
                String failure = e instanceof IllegalArgumentException ? "its value is none of off, basic, full, 0, 1,"
                        + " true, false, yes, no, enabled, disabled" : e.getClass().getSimpleName();
                if (!failure.equals(productFailure)) { // once, not at every decision (a poll asks every few seconds)
                    LOG.warn("The product's consent setting (ceip.consent.query) could not be read ({}): nothing is"
                            + " collected or sent, and nothing kept is deleted, until it can", failure);
                }
                productFailure = failure;
                return new ConsentDecision(ConsentLevel.OFF, ConsentDecision.UNDECIDED);
            }
        }
        return new ConsentDecision(configDefault, "config:ceip.consent.default");
    }

    private Optional<String> killSwitch() {
        if (isTrue(environment.get("DO_NOT_TRACK"))) {
            return Optional.of("DO_NOT_TRACK");
        }
        if (isTrue(environment.get("CEIP_DISABLED"))) {
            return Optional.of("CEIP_DISABLED");
        }
        return Optional.empty();
    }

    /**
     * Fail closed: any value but empty, {@code 0}, {@code false} or {@code no} switches the agent off ({@code yes},
     * {@code on}, {@code 2} and a typo included), as a kill switch must.
     */
    private static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        String text = value.trim();
        return !(text.isEmpty() || text.equals("0") || text.equalsIgnoreCase("false") || text.equalsIgnoreCase("no"));
    }
}
