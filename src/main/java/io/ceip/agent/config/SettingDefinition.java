package io.ceip.agent.config;

/**
 * One setting: its key, type and range, embedded default and one-line meaning. The definitions are the commented
 * {@code ceip.*} entries of {@code ceip-defaults.properties} ({@link SettingCatalog}); validation, the environment
 * variable name and the documentation's table derive from them.
 */
public record SettingDefinition(String key, SettingType type, String defaultValue, String meaning) {

    /** The environment variable that overrides this setting (Camel's rule): {@code CEIP_RETRY_MAX_DELAY}. */
    public String environmentVariable() {
        return environmentVariable(key);
    }

    /** The environment variable name of any key: upper case, {@code .} and {@code -} as {@code _}. */
    public static String environmentVariable(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
