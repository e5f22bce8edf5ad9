package io.ceip.collector;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The collector's settings: the embedded defaults ({@code classpath:collector-defaults.properties}), then the
 * settings file ({@code config/application.properties}, or the file named by {@code collector.config} in
 * {@code overrides} or as a system property), then system properties {@code collector.*} and {@code camel.*}, then
 * what a caller gives ({@code overrides}: the tests, and the agent's demo, which runs this node in the agent's JVM).
 * {@code collector.mode} ({@code single} or {@code kafka}) chooses the hand-off: it sets {@code collector.intake.to}
 * and {@code collector.store.from} unless they are given.
 */
public final class CollectorSettings {

    private static final java.util.regex.Pattern COMMENT_AFTER_VALUE = java.util.regex.Pattern.compile("\\s#");

    private final Properties properties;

    private CollectorSettings(Properties properties) {
        this.properties = properties;
    }

    public static CollectorSettings load(Map<String, String> overrides) throws IOException {
        Properties properties = new Properties();
        String defaults;
        try (InputStream in = CollectorSettings.class.getResourceAsStream("/collector-defaults.properties")) {
            defaults = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        properties.load(new java.io.StringReader(defaults));
        Path file = Path.of(overrides.getOrDefault("collector.config",
                System.getProperty("collector.config", "config/application.properties")));
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("collector.") || name.startsWith("camel.")) {
                properties.setProperty(name, System.getProperty(name));
            }
        }
        properties.putAll(overrides);
        checkTypes(types(defaults), properties);
        String mode = properties.getProperty("collector.mode", "single").trim();
        if (!mode.equals("single") && !mode.equals("kafka")) {
            throw new IllegalArgumentException("collector.mode: '" + mode + "' is neither single nor kafka");
        }
        if (!properties.containsKey("collector.intake.to")) {
            properties.setProperty("collector.intake.to", "{{collector." + mode + ".intake-to}}");
        }
        if (!properties.containsKey("collector.store.from")) {
            properties.setProperty("collector.store.from", "{{collector." + mode + ".store-from}}");
        }
        return new CollectorSettings(properties);
    }

    /** Each documented key's type, from its {@code #: type | meaning} line in the embedded defaults. */
    static Map<String, String> types(String defaults) {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        String type = null;
        for (String line : defaults.split("\n")) {
            if (line.startsWith("#: ")) {
                type = line.substring(3, line.indexOf(" |", 3)).trim();
            } else if (type != null && line.contains("=")) {
                types.put(line.substring(0, line.indexOf('=')).trim(), type);
                type = null;
            }
        }
        return types;
    }

    /**
     * A switch that is not {@code true} or {@code false} (Camel would stop the start with a stack trace), and a value
     * other than text with {@code " #"} in it (a comment written after the value, which a {@code .properties} file
     * reads as part of the value): one line naming the key.
     */
    private static void checkTypes(Map<String, String> types, Properties properties) {
        types.forEach((key, type) -> {
            String value = properties.getProperty(key, "").trim();
            if (!type.equals("text") && COMMENT_AFTER_VALUE.matcher(value).find()) {
                throw new IllegalArgumentException(key + ": has a '#' after a space: in a .properties file a comment"
                        + " is a line of its own (starting with #), text after a value is part of the value");
            }
            if (type.equals("boolean") && !value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException(key + ": '" + value + "' is not true or false");
            }
        });
    }

    public String get(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(key + ": not set");
        }
        return value.trim();
    }

    public long getLong(String key, long min, long max) {
        String value = get(key);
        try {
            long number = Long.parseLong(value);
            if (number < min || number > max) {
                throw new IllegalArgumentException(key + ": " + number + " is outside " + min + ".." + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a whole number");
        }
    }

    public void set(String key, String value) {
        properties.setProperty(key, value);
    }

    /** All settings, for Camel's property placeholders. */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }
}
