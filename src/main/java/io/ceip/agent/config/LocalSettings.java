package io.ceip.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's settings read without starting Camel (for {@code status}), with the same precedence: the
 * environment ({@code CEIP_CONSENT_DEFAULT} for {@code ceip.consent.default}), the configuration file, the
 * embedded defaults; {@code {{key}}} and {@code {{env:NAME}}} placeholders are resolved.
 */
public final class LocalSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");

    private final Properties file;
    private final Properties defaults;
    private final Map<String, String> environment;

    private LocalSettings(Properties file, Properties defaults, Map<String, String> environment) {
        this.file = file;
        this.defaults = defaults;
        this.environment = environment;
    }

    public static Settings load(Path configFile) {
        Properties file = new Properties();
        if (Files.isRegularFile(configFile)) {
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                file.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + configFile, e);
            }
        }
        Properties defaults = new Properties();
        try (InputStream in = LocalSettings.class.getResourceAsStream("/ceip-defaults.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded defaults", e);
        }
        LocalSettings settings = new LocalSettings(file, defaults, System.getenv());
        return new Settings(key -> settings.lookup(key, 0));
    }

    private Optional<String> lookup(String key, int depth) {
        if (depth > 10) {
            throw new IllegalArgumentException("placeholders nest too deeply at " + key);
        }
        if (key.startsWith("env:")) {
            String[] parts = key.substring(4).split(":", 2);
            return Optional.ofNullable(environment.getOrDefault(parts[0], parts.length > 1 ? parts[1] : null));
        }
        String value = environment.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        if (value == null) {
            value = file.getProperty(key, defaults.getProperty(key));
        }
        if (value == null) {
            return Optional.empty();
        }
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(lookup(matcher.group(1), depth + 1).orElse("")));
        }
        matcher.appendTail(resolved);
        return Optional.of(resolved.toString());
    }
}
