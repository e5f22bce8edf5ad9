package io.ceip.agent.config;

import java.util.Optional;

/**
 * One setting: its key, type and range, embedded default and one-line meaning. The definitions are the commented
 * {@code ceip.*} entries of {@code ceip-defaults.properties} ({@link SettingCatalog}); validation, the environment
 * variable name and the documentation's table derive from them.
 *
 * @param renamedFrom the key this setting had before it was renamed ({@code | renamed-from ceip.old.key} at the end
 *        of its definition line), still read with a deprecation warning; null when never renamed
 * @param deprecatedNoOp whether the setting is kept only so that an old configuration still starts
 *        ({@code | deprecated no-op}): a value set for it is ignored with a warning
 * @param reported whether every report carries the value ({@code | reported}: the product's name, version and
 *        edition, the agent's version), which may then never hold a secret setting's ({@link ReportedSecrets})
 */
public record SettingDefinition(String key, SettingType type, String defaultValue, String meaning, String renamedFrom,
        boolean deprecatedNoOp, boolean reported) {

    /** A setting never renamed nor deprecated, that no report carries. */
    public SettingDefinition(String key, SettingType type, String defaultValue, String meaning) {
        this(key, type, defaultValue, meaning, null, false, false);
    }

    /** The key this setting had before, if it was renamed. */
    public Optional<String> oldKey() {
        return Optional.ofNullable(renamedFrom);
    }

    /** The environment variable that overrides this setting (Camel's rule): {@code CEIP_RETRY_MAX_DELAY}. */
    public String environmentVariable() {
        return environmentVariable(key);
    }

    /** The environment variable name of any key: upper case, {@code .} and {@code -} as {@code _}. */
    public static String environmentVariable(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
