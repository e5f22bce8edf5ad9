package io.ceip.agent;

import io.ceip.agent.config.ConfigurationCheck;
import io.ceip.agent.config.ConfigurationText;
import io.ceip.agent.config.CopiedConfigurationPaths;
import io.ceip.agent.config.PlaceholderExpansion;
import io.ceip.agent.config.PlaceholderFunctions;
import io.ceip.agent.config.SettingCatalog;
import io.ceip.agent.config.SettingDefinition;
import io.ceip.agent.config.Settings;
import io.ceip.agent.config.UnresolvedPlaceholderException;
import io.ceip.agent.files.DataDirectoryChoice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's settings, one way for every command: as Camel's properties component resolves them (the configuration
 * file, then the embedded defaults; the environment, the JVM's system properties and the overrides above both;
 * Camel's placeholders), checked against the catalog ({@link ConfigurationCheck}) before anything reads them. The
 * agent's start checks its own context's component ({@link #check}); the one-shot commands that need no routes
 * ({@code status}, {@code consent}) check a component with the same locations and rules, without starting Camel
 * ({@link #load}).
 * <p>
 * A renamed key set under its old name is read under its new one (an override of the new key), and a deprecated
 * no-op setting is put back to its default; each says so in one warning, once per process.
 */
final class AgentSettings {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSettings.class);
    /** Warnings already logged: one line per process, however many times the settings are checked. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /**
     * Checked settings and the configuration file's text they were read from (empty: the embedded defaults alone), as
     * read once and checked: what a start that follows is to hand Camel ({@link AgentCommand#withAgent}).
     */
    record Checked(Settings settings, Optional<ConfigurationText> configuration) {

        /** The configuration file the settings were read from. */
        Optional<Path> configFile() {
            return configuration.map(ConfigurationText::file);
        }
    }

    private AgentSettings() {
    }

    /**
     * Checks the settings {@code properties} resolves, with {@code catalog}; applies renamed and deprecated keys; warns
     * of each relative file setting of a configuration file outside the working directory's {@code config/}
     * ({@link CopiedConfigurationPaths}), once per process.
     *
     * @throws IllegalArgumentException with one line naming the first problem and where; a data directory that is
     *         the file system's root, a system directory or another user's ({@link DataDirectoryChoice}) is one
     */
    static Checked check(PropertiesComponent properties, SettingCatalog catalog) {
        EnvAndSysFunctionsOnly.install(properties);
        Optional<ConfigurationText> configuration = configuration(properties);
        Map<String, String> overrides = new java.util.HashMap<>();
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent camel
                && camel.getOverrideProperties() != null) {
            Properties values = camel.getOverrideProperties();
            values.stringPropertyNames().forEach(key -> overrides.put(key, values.getProperty(key)));
        }
        PlaceholderFunctions.firstProblem(catalog, configuration, System.getenv(), agentSystemProperties(), overrides)
                .ifPresent(problem -> {
                    throw new IllegalArgumentException(problem); // before Camel resolves a value
                });
        PlaceholderExpansion.tooLong(catalog, configuration.map(ConfigurationText::text), System.getenv(),
                agentSystemProperties(), overrides).ifPresent(where -> {
                    throw new IllegalArgumentException(where + ": its placeholders resolved, the value would be longer"
                            + " than " + PlaceholderExpansion.MAX_CHARS + " characters (placeholders repeating"
                            + " placeholders); set it without them");
                });
        ConfigurationCheck.Outcome outcome = new ConfigurationCheck(catalog).verify(configuration, System.getenv(),
                agentSystemProperties(), overrides, key -> resolved(properties, key));
        outcome.warnings().stream().filter(WARNED::add).forEach(LOG::warn);
        unreadSystemProperties(catalog).stream().filter(WARNED::add).forEach(LOG::warn);
        outcome.renamed().forEach((newKey, oldKey) -> properties.resolveProperty(oldKey)
                .ifPresent(value -> properties.addOverrideProperty(newKey, value)));
        outcome.ignored().forEach(key -> properties.addOverrideProperty(key,
                catalog.find(key).orElseThrow().defaultValue()));
        Settings settings = new Settings(properties::resolveProperty, outcome.placeholders());
        if (catalog.find("ceip.data.directory").isPresent()) { // never / nor /etc
            DataDirectoryChoice.require(settings.path("ceip.data.directory"), "ceip.data.directory");
        }
        Map<String, String> systemProperties = agentSystemProperties();
        configuration.ifPresent(text -> CopiedConfigurationPaths.warnings(catalog, text, Path.of("").toAbsolutePath(),
                ConfigurationLocations.DEFAULT_CONFIG.getParent(), key -> overrides.containsKey(key)
                        || systemProperties.containsKey(key)
                        || System.getenv().containsKey(SettingDefinition.environmentVariable(key)), settings)
                .stream().filter(WARNED::add).forEach(LOG::warn));
        return new Checked(settings, configuration);
    }

    /**
     * {@code key}'s value as Camel resolves it, empty when nothing sets it. Camel's {@code resolveProperty} also answers
     * empty for a value whose placeholder cannot be resolved (a loop, {@code {{ceip.product.name}}} in
     * {@code ceip.product.edition} and back; a key nothing sets), which the check then called "must not be empty":
     * such a value throws {@link UnresolvedPlaceholderException} instead, with Camel's reason in words that name keys
     * only ({@code a placeholder loop through ceip.product.name}).
     */
    static Optional<String> resolved(PropertiesComponent properties, String key) {
        Optional<String> value = properties.resolveProperty(key);
        if (value.isEmpty()) {
            try {
                properties.parseUri(PropertiesComponent.PREFIX_TOKEN + key + PropertiesComponent.SUFFIX_TOKEN);
            } catch (IllegalArgumentException unresolved) {
                if (!String.valueOf(unresolved.getMessage()).startsWith("Property with key [" + key + "] not found")) {
                    throw UnresolvedPlaceholderException.of(unresolved.getMessage()); // not the key itself unset
                }
            }
        }
        return value;
    }

    /** The agent's checked settings for a command that starts no routes: Camel's properties component alone. */
    static Checked load(Map<String, String> overrides) {
        CamelContext context = new DefaultCamelContext(false);
        context.build(); // the type converter the properties component uses; nothing is started
        PropertiesComponent properties = context.getPropertiesComponent();
        EnvAndSysFunctionsOnly.install(properties);
        properties.setEncoding(ConfigurationLocations.ENCODING); // before the locations, read as they are set
        Optional<ConfigurationText> configuration = ConfigurationLocations.configuration();
        ConfigurationLocations.install(properties, configuration);
        properties.setLocation(ConfigurationLocations.DEFAULTS);
        if (!overrides.isEmpty()) {
            Properties values = new Properties();
            values.putAll(overrides);
            properties.setOverrideProperties(values);
            overridesBeforeTheEnvironment(properties, SettingCatalog.embedded());
        }
        return check(properties, SettingCatalog.embedded());
    }

    /**
     * Makes a one-shot command's overrides ({@link AgentCommand#ONE_SHOT}) win over the environment and the JVM's
     * system properties. Camel's properties component reads a key's environment variable, then its system property,
     * before its override properties, so {@code preview} run with the running agent's environment
     * ({@code CEIP_EVENTS_HTTP_ENABLED=true}, as in a container) or its JVM options ({@code CEIP_JAVA_OPTS} with
     * {@code -Dceip.events.http.enabled=true}, which the launcher passes to every command) opened the events intake
     * and remote JMX too, wrote the intake's token and stopped on their ports. Here each setting of the environment,
     * then each {@code ceip.*} system property, becomes an override itself, but for the keys already overridden (so the
     * environment still beats a system property, as in Camel), and both are then read only for what nothing sets.
     */
    static void overridesBeforeTheEnvironment(PropertiesComponent properties, SettingCatalog catalog) {
        if (!(properties instanceof org.apache.camel.component.properties.PropertiesComponent camel)) {
            return;
        }
        Set<String> overridden = camel.getOverrideProperties() == null ? Set.of()
                : camel.getOverrideProperties().stringPropertyNames();
        System.getenv().forEach((name, value) -> catalog.byEnvironmentVariable(name)
                .filter(definition -> !overridden.contains(definition.key()))
                .ifPresent(definition -> camel.addOverrideProperty(definition.key(), value)));
        Set<String> overriddenOrFromTheEnvironment = camel.getOverrideProperties() == null ? Set.of()
                : camel.getOverrideProperties().stringPropertyNames();
        agentSystemProperties().forEach((key, value) -> {
            if (!overriddenOrFromTheEnvironment.contains(key)) {
                camel.addOverrideProperty(key, value);
            }
        });
        camel.setEnvironmentVariableMode(
                org.apache.camel.component.properties.PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK);
        camel.setSystemPropertiesMode(
                org.apache.camel.component.properties.PropertiesComponent.SYSTEM_PROPERTIES_MODE_FALLBACK);
    }

    /**
     * One line for each {@code ceip.*} system property that is no setting, nor a renamed one, nor the launcher's
     * ({@link #LAUNCHER}): {@code -Dceip.consent.defualt=off} in {@code CEIP_JAVA_OPTS} was passed over without a word,
     * its setting kept its default (the file's and the environment's such keys stop the start; a system property may
     * be a tool's, so it is a warning). The key is shown on one line (escaped), never the value.
     */
    static java.util.List<String> unreadSystemProperties(SettingCatalog catalog) {
        return agentSystemProperties().keySet().stream().filter(key -> !LAUNCHER.contains(key)
                && catalog.find(key).isEmpty() && catalog.renamedFrom(key).isEmpty())
                .map(key -> "system property " + io.ceip.agent.util.OneLine.of(key, 120) + " is no setting (did you"
                        + " mean " + catalog.closest(key) + "?): not read")
                .toList();
    }

    /** The launcher's own {@code ceip.*} system properties (the configuration file, the logging): no settings. */
    private static final Set<String> LAUNCHER = Set.of("ceip.config", "ceip.log.level", "ceip.log.target");

    /** The JVM's {@code ceip.*} system properties ({@code -Dceip.retry.multiplier=2}), key to value. */
    private static Map<String, String> agentSystemProperties() {
        Map<String, String> agent = new java.util.TreeMap<>();
        Properties all = System.getProperties();
        for (String key : all.stringPropertyNames()) {
            if (key.startsWith("ceip.")) {
                agent.put(key, all.getProperty(key));
            }
        }
        return agent;
    }

    /**
     * The configuration file's text: the one the launcher checked and handed Camel
     * ({@link CheckedConfigurationSource}), or the first {@code file:} location that exists (camel-main's own
     * {@code Main}, a test), read once here.
     */
    private static Optional<ConfigurationText> configuration(PropertiesComponent properties) {
        if (properties.getPropertiesSource(CheckedConfigurationSource.NAME) instanceof CheckedConfigurationSource
                checked) {
            return Optional.of(checked.text());
        }
        for (String location : properties.getLocations()) {
            String path = location.replaceFirst(";.*$", "");
            if (path.startsWith("file:") && Files.isRegularFile(Path.of(path.substring("file:".length())))) {
                return Optional.of(ConfigurationText.read(Path.of(path.substring("file:".length()))));
            }
        }
        return Optional.empty();
    }
}
