package io.ceip.agent;

import io.ceip.agent.config.CamelKeys;
import io.ceip.agent.config.ConfigurationFile;
import io.ceip.agent.config.ConfigurationText;
import io.ceip.agent.tls.ClientOptionsLock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.camel.spi.PropertiesComponent;

/**
 * Where the agent's settings are read from, for every start (the launcher's {@link AgentCommand#newMain}, the
 * commands without routes' {@link AgentSettings#load}, camel-main's own {@code Main}): the configuration file
 * ({@link #configFile()}) as the text that was checked ({@link CheckedConfigurationSource}), then the embedded
 * defaults. Camel is handed that text, never the file's path: it read the file itself after the check, unbounded, and a
 * file grown or rewritten in between was read unchecked.
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

    private ConfigurationLocations() {
    }

    /** The configuration file's name: {@code -Dceip.config}, {@code CEIP_CONFIG}, or the default location. */
    static Path configFile() {
        return configured().map(Path::of).orElse(DEFAULT_CONFIG);
    }

    /**
     * The configuration file ({@link #configFile()}; the default location may be absent), checked and read once
     * ({@link ConfigurationFile}): the text Camel is handed. Its {@code camel.*} keys, and the {@code CAMEL_*}
     * environment variables camel-main reads as such, are those {@link CamelKeys} allows, or the start stops here, in
     * one line, before camel-main applies any (the HTTP client's and TLS keys are refused by
     * {@link ClientOptionsLock}, in its own words).
     */
    static Optional<ConfigurationText> configuration() {
        Optional<ConfigurationText> text = read();
        List<String> problems = new ArrayList<>();
        text.ifPresent(file -> problems.addAll(CamelKeys.inFile(file, key -> ClientOptionsLock.refuses(key, false))));
        problems.addAll(CamelKeys.inEnvironment(System.getenv(), name -> ClientOptionsLock.refuses(name, true)));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        return text;
    }

    private static Optional<ConfigurationText> read() {
        Optional<String> configured = configured();
        if (configured.isPresent()) {
            return Optional.of(ConfigurationFile.require(Path.of(configured.get()), " (from ceip.config or"
                    + " CEIP_CONFIG)"));
        }
        return Files.exists(DEFAULT_CONFIG) || Files.isSymbolicLink(DEFAULT_CONFIG)
                ? Optional.of(ConfigurationFile.require(DEFAULT_CONFIG, "")) : Optional.empty();
    }

    /**
     * Gives {@code properties} the configuration file's checked text, when there is one, as a source before every
     * location ({@link CheckedConfigurationSource}); the locations themselves are the embedded defaults
     * ({@value #DEFAULTS}) alone.
     */
    static void install(PropertiesComponent properties, Optional<ConfigurationText> configuration) {
        configuration.ifPresent(text -> properties.addPropertiesSource(new CheckedConfigurationSource(text)));
    }

    private static Optional<String> configured() {
        return Optional.ofNullable(System.getProperty("ceip.config", System.getenv("CEIP_CONFIG")))
                .filter(name -> !name.isBlank());
    }
}
