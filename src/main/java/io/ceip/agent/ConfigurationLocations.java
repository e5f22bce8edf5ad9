package io.ceip.agent;

import io.ceip.agent.config.ConfigurationFile;
import io.ceip.agent.config.ConfigurationText;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Where the agent's settings are read from, for every start (the launcher's {@link AgentCommand#newMain}, the
 * commands without routes' {@link AgentSettings#load}, camel-main's own {@code Main}): the configuration file
 * ({@link #configFile()}) as the text that was checked, then the embedded defaults. Camel is handed that text, never
 * the file's path: it read the file itself after the check, unbounded, and a file grown or rewritten in between was
 * read unchecked.
 */
final class ConfigurationLocations {

    /** Embedded defaults: every ceip.* key has a value here. */
    static final String DEFAULTS = "classpath:ceip-defaults.properties";
    /** The installation's own configuration file, relative to the working directory. */
    static final Path DEFAULT_CONFIG = Path.of("config/application.properties");
    /**
     * The encoding of the embedded defaults: Camel's properties component would read them as ISO-8859-1
     * ({@code Properties.load(InputStream)}). The configuration file is read as UTF-8 by {@link ConfigurationText}.
     */
    static final String ENCODING = "UTF-8";
    /** The registry name of the configuration file's values that Camel reads (a {@code ref:} location). */
    static final String CONFIGURATION = "ceipConfigurationFile";
    /** The registry name of the configuration file's text as checked ({@link ConfigurationText}). */
    static final String CONFIGURATION_TEXT = "ceipConfigurationText";

    private ConfigurationLocations() {
    }

    /** The configuration file's name: {@code -Dceip.config}, {@code CEIP_CONFIG}, or the default location. */
    static Path configFile() {
        return configured().map(Path::of).orElse(DEFAULT_CONFIG);
    }

    /**
     * The configuration file ({@link #configFile()}; the default location may be absent), checked and read once
     * ({@link ConfigurationFile}): the text Camel is handed.
     */
    static Optional<ConfigurationText> configuration() {
        Optional<String> configured = configured();
        if (configured.isPresent()) {
            return Optional.of(ConfigurationFile.require(Path.of(configured.get()), " (from ceip.config or"
                    + " CEIP_CONFIG)"));
        }
        return Files.exists(DEFAULT_CONFIG) || Files.isSymbolicLink(DEFAULT_CONFIG)
                ? Optional.of(ConfigurationFile.require(DEFAULT_CONFIG, "")) : Optional.empty();
    }

    /**
     * The configuration file's location, when there is one ({@code ref:} {@value #CONFIGURATION}: the text that was
     * checked, bound by {@link #bind}), then the embedded defaults: Camel's properties component takes a key from the
     * first location that has it.
     */
    static String propertyLocations(Optional<ConfigurationText> configuration) {
        return configuration.isPresent() ? "ref:" + CONFIGURATION + "," + DEFAULTS : DEFAULTS;
    }

    /**
     * Binds the configuration file's values as {@code Properties} read them from the checked text (for Camel, as
     * {@value #CONFIGURATION}) and the text itself (for the check, as {@value #CONFIGURATION_TEXT}).
     */
    static void bind(BiConsumer<String, Object> registry, Optional<ConfigurationText> configuration) {
        configuration.ifPresent(text -> {
            registry.accept(CONFIGURATION, text.properties());
            registry.accept(CONFIGURATION_TEXT, text);
        });
    }

    private static Optional<String> configured() {
        return Optional.ofNullable(System.getProperty("ceip.config", System.getenv("CEIP_CONFIG")))
                .filter(name -> !name.isBlank());
    }
}
