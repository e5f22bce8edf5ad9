package io.ceip.agent.privacy;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Decides the effective consent level. Sources, highest precedence first:
 * <ol>
 * <li>the kill switches in the environment: {@code DO_NOT_TRACK} or {@code CEIP_DISABLED} set to anything but empty,
 * {@code 0}, {@code false} or {@code no} give {@code off};</li>
 * <li>a runtime {@code off} (the administrator's, over JMX or the {@code consent} command, persisted in a
 * {@link ConsentSettingFile});</li>
 * <li>the product's own {@code off} ({@link ProductConsentSetting}, {@code ceip.consent.query}, when configured): a
 * withdrawal in the product wins over a consent given earlier at runtime; if the setting cannot be read, consent is
 * undecided ({@link ConsentDecision#undecided()}): {@code off} for what is collected and sent (fail closed), yet no
 * withdrawal: what is kept stays kept;</li>
 * <li>the runtime {@code basic} or {@code full}; a {@code full} consent given for an older data set than the current
 * one counts as {@code basic} until it is given again, and one given for another product major.minor version counts
 * as the {@link ConsentVersionBinding}'s fallback ({@code basic}, or {@code off} for opt-in) until it is given again;
 * {@link #reset(String)} removes the runtime setting (the product's setting, or the default, decides again);</li>
 * <li>the product's own {@code basic} or {@code full};</li>
 * <li>{@code ceip.consent.default} from configuration.</li>
 * </ol>
 * The decision is computed on every call, so a change is seen by the next report without a restart; each change
 * of the effective level is written to the {@link ConsentAudit}.
 */
public final class ConsentPolicy {

    private final Map<String, String> environment;
    private final ConsentSettingFile runtimeSetting;
    private final ProductConsentSetting productSetting;
    private final ConsentLevel configDefault;
    private final IntSupplier dataSetVersion;
    private final ConsentAudit audit;
    private final ConsentVersionBinding binding;
    private final ProductConsentSaid said = new ProductConsentSaid();
    /** Told each administrator's change made in this process ({@link #onChange}). */
    private volatile Consumer<ConsentDecision> changed = decision -> { };

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
        return decide(null);
    }

    private ConsentDecision decide(String by) {
        ConsentDecision decision = consistent();
        audit.observe(decision, by);
        return decision;
    }

    /**
     * The decision, taken again when the administrator's setting changed while it was taken (the product's query may
     * take seconds): a {@code consent off} made meanwhile is never overruled, nor audited over, by the decision made
     * before it (review s21 fixes M1). At most three times: a setting changed that often decides on its last reading.
     */
    private ConsentDecision consistent() {
        if (killSwitch().isPresent()) {
            return evaluate(); // off whatever the setting says, even one that cannot be read
        }
        for (int taken = 1; ; taken++) {
            Optional<byte[]> before = runtimeSetting.snapshot();
            ConsentDecision decision = evaluate();
            Optional<byte[]> after = runtimeSetting.snapshot();
            if (taken == 3 || before.isPresent() == after.isPresent()
                    && (before.isEmpty() || java.util.Arrays.equals(before.get(), after.get()))) {
                return decision;
            }
        }
    }

    /** The effective level and its source, without auditing (for previews and status). */
    public ConsentDecision peek() {
        return evaluate();
    }

    /** Records the administrator's choice for the current data set and product version; it survives restarts. */
    public ConsentDecision set(ConsentLevel level) {
        return set(level, null);
    }

    /** As {@link #set(ConsentLevel)}, the audit line naming who made the change ({@code by}, or null: not known). */
    public ConsentDecision set(ConsentLevel level, String by) {
        return change(() -> runtimeSetting.write(level, dataSetVersion.getAsInt(), binding.recordable()), by);
    }

    /**
     * Removes the administrator's runtime setting: the product's own setting, or {@code ceip.consent.default}, decides
     * again (audited when the effective level changes, naming who made the change: {@code by}, or null).
     */
    public ConsentDecision reset(String by) {
        return change(runtimeSetting::clear, by);
    }

    /**
     * An administrator's change is in effect only when it is audited: the log is read before the setting changes (an
     * unreadable log changes nothing), and when the change cannot be recorded the previous setting is put back. One
     * change at a time (JMX serves each call on its own thread: two writes shared one temporary file).
     */
    private synchronized ConsentDecision change(Runnable write, String by) {
        audit.lastWithdrawal();
        Optional<byte[]> before = runtimeSetting.snapshot();
        write.run();
        askProductAgain();
        ConsentDecision decision;
        try {
            decision = decide(by);
        } catch (RuntimeException unaudited) {
            runtimeSetting.restore(before);
            throw unaudited;
        }
        changed.accept(decision);
        return decision;
    }

    /**
     * {@code listener} is told the decision after each administrator's change made in this process ({@link #set},
     * {@link #reset}: JMX {@code setConsent}), once it is audited, on the caller's thread, before the change returns:
     * the product events follow a lowering, and the product is told the change, at once. It must not throw. One
     * listener; the last set wins.
     */
    public void onChange(Consumer<ConsentDecision> listener) {
        changed = listener;
    }

    private void askProductAgain() {
        if (productSetting != null) {
            productSetting.askAgain(); // an administrator acted: a failed read is not held against this decision
        }
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
        if (runtime.isPresent() && runtime.get().level() == ConsentLevel.OFF) {
            return new ConsentDecision(ConsentLevel.OFF, "runtime-setting");
        }
        Optional<ConsentLevel> product = Optional.empty();
        if (productSetting != null) {
            try {
                product = productSetting.read();
                said.read();
            } catch (Exception e) {
                return said.undecided(e);
            }
            if (product.isPresent() && product.get() == ConsentLevel.OFF) {
                said.overridden(runtime);
                return new ConsentDecision(ConsentLevel.OFF, "product-setting");
            }
        }
        said.notOff();
        if (runtime.isPresent()) {
            return runtime(runtime.get());
        }
        return product.map(level -> new ConsentDecision(level, "product-setting"))
                .orElseGet(() -> new ConsentDecision(configDefault, "config:ceip.consent.default"));
    }

    private ConsentDecision runtime(ConsentSettingFile.Setting setting) {
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

    private Optional<String> killSwitch() {
        return KillSwitch.on(environment);
    }
}
