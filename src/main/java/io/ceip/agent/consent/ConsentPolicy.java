package io.ceip.agent.consent;

import java.util.Map;
import java.util.Optional;

/**
 * Decides the effective consent level. Sources, highest precedence first:
 * <ol>
 * <li>the kill switches in the environment: {@code DO_NOT_TRACK=1} or {@code CEIP_DISABLED=true} give {@code off};</li>
 * <li>the runtime setting made by an administrator (over JMX), persisted in a {@link ConsentSettingFile};</li>
 * <li>{@code ceip.consent.default} from configuration.</li>
 * </ol>
 * The decision is computed on every call, so a change is seen by the next report without a restart.
 */
public final class ConsentPolicy {

    private final Map<String, String> environment;
    private final ConsentSettingFile runtimeSetting;
    private final ConsentLevel configDefault;

    public ConsentPolicy(Map<String, String> environment, ConsentSettingFile runtimeSetting, ConsentLevel configDefault) {
        this.environment = Map.copyOf(environment);
        this.runtimeSetting = runtimeSetting;
        this.configDefault = configDefault;
    }

    /** The effective level and its source. */
    public ConsentDecision decide() {
        Optional<String> killSwitch = killSwitch();
        if (killSwitch.isPresent()) {
            return new ConsentDecision(ConsentLevel.OFF, "environment:" + killSwitch.get());
        }
        Optional<ConsentLevel> runtime = runtimeSetting.read();
        if (runtime.isPresent()) {
            return new ConsentDecision(runtime.get(), "runtime-setting");
        }
        return new ConsentDecision(configDefault, "config:ceip.consent.default");
    }

    /** True unless the effective level is {@code off}: the route stops before any collection otherwise. */
    public boolean allowsCollection() {
        return decide().level() != ConsentLevel.OFF;
    }

    /** Records the administrator's choice; it survives restarts. Kill switches still win over it. */
    public ConsentDecision set(ConsentLevel level) {
        runtimeSetting.write(level);
        return decide();
    }

    private Optional<String> killSwitch() {
        String dnt = environment.get("DO_NOT_TRACK");
        if (dnt != null && (dnt.trim().equals("1") || dnt.trim().equalsIgnoreCase("true"))) {
            return Optional.of("DO_NOT_TRACK");
        }
        String disabled = environment.get("CEIP_DISABLED");
        if (disabled != null && (disabled.trim().equalsIgnoreCase("true") || disabled.trim().equals("1"))) {
            return Optional.of("CEIP_DISABLED");
        }
        return Optional.empty();
    }
}
