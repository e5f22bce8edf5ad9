package io.ceip.agent.config;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a configuration file's values grow once Camel resolves their placeholders, worked out from the text alone
 * before Camel resolves one: {@code x1={{x2}}{{x2}}}, {@code x2={{x3}}{{x3}}} and so on for 40 lines, with
 * {@code ceip.product.name={{x1}}}, made Camel build a text of 2^40 copies: the launcher's heap was spent after some
 * 50 seconds of CPU and the JVM ended in an {@link OutOfMemoryError}, without a line naming the file. A value that
 * would grow past {@value #MAX_CHARS} characters (what the whole file may hold) is refused instead.
 * <p>
 * The values are read as {@link Properties} reads them (a {@code \}{@code u007b} is a brace there, as for Camel); a key
 * the file does not set takes its embedded default; a placeholder naming neither counts as its default after the
 * colon, or as written (a function such as {@code env:NAME}: its value comes from outside, bounded there); an
 * optional placeholder ({@code {{?x2}}}) counts as its key, as Camel reads it. A loop
 * counts as nothing here: the check names it.
 */
public final class PlaceholderExpansion {

    /** The longest a value may grow to once its placeholders are resolved: what the file itself may hold. */
    public static final long MAX_CHARS = ConfigurationFile.MAX_BYTES;
    /** An innermost placeholder: its name, and after a colon its default or a function's argument. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");

    private final Map<String, String> values;
    private final Map<String, Long> lengths = new HashMap<>();

    private PlaceholderExpansion(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The first key of {@code text} (in the file's order) whose value would grow past {@value #MAX_CHARS} characters,
     * as {@code line: key}; empty when none does.
     */
    static Optional<String> tooLong(String text, SettingCatalog catalog) {
        Optional<Properties> read = read(text);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        PlaceholderExpansion expansion = new PlaceholderExpansion(values(catalog, read.get()));
        return PropertyLines.parse(text).stream().filter(entry -> read.get().containsKey(entry.key()))
                .filter(entry -> expansion.length(entry.key()) > MAX_CHARS).findFirst()
                .map(entry -> entry.line() + ": " + entry.key());
    }

    /**
     * The first setting, in the catalog's order, whose value as the environment, a system property or an override sets
     * it (over the file's values and the embedded defaults) would grow past {@value #MAX_CHARS} characters once
     * resolved, as {@code KEY (where)}: Camel resolves their placeholders as it does the file's
     * ({@code CEIP_PRODUCT_NAME={{ceip.product.version}}{{ceip.product.version}}}, and so on through 30 settings).
     *
     * @param fileText the configuration file's text (its own values checked already: {@link ConfigurationFile})
     */
    public static Optional<String> tooLong(SettingCatalog catalog, Optional<String> fileText,
            Map<String, String> environment, Map<String, String> system, Map<String, String> overrides) {
        Map<String, String> values = values(catalog, fileText.flatMap(PlaceholderExpansion::read)
                .orElseGet(Properties::new));
        Map<String, String> where = new HashMap<>();
        system.forEach((key, value) -> {
            values.put(key, value);
            where.put(key, "system property " + key);
        });
        catalog.all().stream().filter(definition -> environment.containsKey(definition.environmentVariable()))
                .forEach(definition -> {
                    values.put(definition.key(), environment.get(definition.environmentVariable()));
                    where.put(definition.key(), "environment variable " + definition.environmentVariable());
                });
        overrides.forEach((key, value) -> {
            values.put(key, value);
            where.put(key, "override");
        });
        PlaceholderExpansion expansion = new PlaceholderExpansion(values);
        return catalog.all().stream().map(SettingDefinition::key).filter(where::containsKey)
                .filter(key -> expansion.length(key) > MAX_CHARS).findFirst()
                .map(key -> key + " (" + where.get(key) + ")");
    }

    /** The file's values as {@link Properties} reads them; empty for a malformed escape (Camel refuses the file). */
    private static Optional<Properties> read(String text) {
        Properties read = new Properties();
        try {
            read.load(new StringReader(text));
            return Optional.of(read);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The embedded defaults, then the file's values over them. */
    private static Map<String, String> values(SettingCatalog catalog, Properties file) {
        Map<String, String> values = new HashMap<>();
        catalog.all().forEach(definition -> values.put(definition.key(), definition.defaultValue()));
        file.stringPropertyNames().forEach(key -> values.put(key, file.getProperty(key)));
        return values;
    }

    /** The length of {@code key}'s value once resolved, at most {@value #MAX_CHARS} + 1. */
    private long length(String key) {
        Long known = lengths.get(key);
        if (known != null) {
            return known;
        }
        lengths.put(key, 0L); // a loop counts as nothing
        long length = Math.min(MAX_CHARS + 1, resolvedLength(values.get(key)));
        lengths.put(key, length);
        return length;
    }

    private long resolvedLength(String value) {
        long length = value.length();
        Matcher placeholder = PLACEHOLDER.matcher(value);
        while (length <= MAX_CHARS && placeholder.find()) {
            String name = placeholder.group(1).replaceFirst("^\\?", ""); // optional ({{?x}}): Camel reads x
            int colon = name.indexOf(':');
            String key = colon < 0 ? name : name.substring(0, colon);
            length += (values.containsKey(key) ? length(key) : colon < 0 ? name.length() : name.length() - colon - 1)
                    - (placeholder.end() - placeholder.start());
        }
        return length;
    }
}
