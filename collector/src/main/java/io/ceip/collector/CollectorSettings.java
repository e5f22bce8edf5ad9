package io.ceip.collector;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's settings: the embedded defaults ({@code classpath:collector-defaults.properties}), then the
 * settings file ({@code config/application.properties}, or the file named by {@code collector.config} in
 * {@code overrides} or as a system property), then system properties {@code collector.*} and {@code camel.*}, then
 * what a caller gives ({@code overrides}: the tests, and the agent's demo, which runs this node in the agent's JVM).
 * Every value is trimmed once, here, so Camel's placeholders and the code read the same text;
 * {@code {{collector.data-dir}}} in a value is the data directory; every documented setting is checked against its
 * type ({@link SettingType}) with one line naming the key, what is wrong and where it was set.
 * {@code collector.mode} ({@code single} or {@code kafka}) chooses the hand-off: it sets {@code collector.intake.to}
 * and {@code collector.store.from} unless they are given.
 */
public final class CollectorSettings {

    private static final java.util.regex.Pattern COMMENT_AFTER_VALUE = java.util.regex.Pattern.compile("\\s#");

    private static final Logger LOG = LoggerFactory.getLogger(CollectorSettings.class);
    private static final String DEFAULT_FILE = "config/application.properties";
    /** Keys read beside the documented ones: the file's name, and the hand-off set from collector.mode. */
    private static final Set<String> OTHER_KEYS = Set.of("collector.config", "collector.intake.to",
            "collector.store.from");
    /** The most records the store takes from one Kafka poll (Camel's and Kafka's default is 500). */
    static final int MAX_POLL_RECORDS = 200;

    private final Properties properties;
    private final Map<String, String> types;

    /** The keys set in the file, with {@code -D} or by the caller. */
    private final Set<String> set;

    private CollectorSettings(Properties properties, Map<String, String> types, Set<String> set) {
        this.properties = properties;
        this.types = types;
        this.set = Set.copyOf(set);
    }

    /** Whether {@code key} was set (file, {@code -D}, caller), not left at its embedded default. */
    public boolean isSet(String key) {
        return set.contains(key);
    }

    public static CollectorSettings load(Map<String, String> overrides) throws IOException {
        Properties properties = new Properties();
        Map<String, String> origins = new HashMap<>();
        String defaults;
        try (InputStream in = CollectorSettings.class.getResourceAsStream("/collector-defaults.properties")) {
            defaults = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        properties.load(new StringReader(defaults));
        String named = overrides.getOrDefault("collector.config", System.getProperty("collector.config"));
        Path file = Path.of(named == null ? DEFAULT_FILE : named.trim());
        if (named != null || Files.exists(file)) {
            Properties read = read(file);
            SettingsFileSecrets.warnIfReadableByOthers(file, read);
            read.stringPropertyNames().forEach(key -> origins.put(key, "in " + file));
            warnUnknown(read.stringPropertyNames(), properties, types(defaults).keySet(), "in " + file);
            properties.putAll(read);
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("collector.") || name.startsWith("camel.")) {
                properties.setProperty(name, System.getProperty(name));
                origins.put(name, "set with -D" + name);
            }
        }
        properties.putAll(overrides);
        overrides.keySet().forEach(key -> origins.put(key, "set by the caller"));
        // one text for Camel and for the code: a .properties file keeps a value's trailing blanks, which Camel's
        // Kafka endpoint read as 0 (every report 413) while the code's own reads trimmed them
        properties.replaceAll((key, value) -> value.toString().trim());
        String dataDir = properties.getProperty("collector.data-dir", "data");
        String placeholder = Path.of(dataDir).isAbsolute() || dataDir.startsWith(".") ? dataDir : "./" + dataDir;
        properties.replaceAll((key, value) -> value.toString().replace("{{collector.data-dir}}", placeholder));
        checkTypes(types(defaults), properties, origins);
        String mode = properties.getProperty("collector.mode");
        if (!properties.containsKey("collector.intake.to")) {
            properties.setProperty("collector.intake.to", "{{collector." + mode + ".intake-to}}");
        }
        if (!properties.containsKey("collector.store.from")) {
            properties.setProperty("collector.store.from", "{{collector." + mode + ".store-from}}");
        }
        long maxRecordBytes = Long.parseLong(properties.getProperty("collector.kafka.max-record-bytes"));
        // derived, never set: the store's records per Kafka poll
        properties.setProperty("collector.kafka.max-poll-records",
                Integer.toString(pollRecords(Runtime.getRuntime().maxMemory(), maxRecordBytes)));
        return new CollectorSettings(properties, types(defaults), origins.keySet());
    }

    /**
     * How many records the store takes from one Kafka poll: a poll holds all of them inflated until the last is stored
     * (lz4 shrinks a large report's record to a fraction: 200 records of 8 MiB are 1.6 GB of heap behind a few MB of
     * batches), so at most an eighth of the heap's worth of the largest records, at least 1, at most
     * {@value #MAX_POLL_RECORDS} (the store commits each record's offset on its own: a small poll costs only polls).
     */
    static int pollRecords(long maxHeapBytes, long maxRecordBytes) {
        return (int) Math.max(1, Math.min(MAX_POLL_RECORDS, maxHeapBytes / 8 / maxRecordBytes));
    }

    /**
     * The settings file: UTF-8 (a byte order mark, which Windows editors write, is skipped: it would have become part
     * of the first key); a file that is missing, unreadable or not UTF-8 stops the start with one line.
     */
    private static Properties read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("collector.config: " + file + " is not a file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("collector.config: " + file + " is not UTF-8 text (save it as UTF-8)");
        } catch (IOException e) {
            throw new IllegalArgumentException("collector.config: " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        Properties read = new Properties();
        try {
            read.load(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("collector.config: " + file + " is not a .properties file ("
                    + e.getMessage() + ")");
        }
        return read;
    }

    /**
     * A key of the file that no one reads (a typo): one WARN line each, naming the documented setting closest to it;
     * the start goes on.
     */
    private static void warnUnknown(Set<String> keys, Properties defaults, Set<String> documented, String origin) {
        for (String key : new TreeSet<>(keys)) {
            // camel.* keys are Camel's own (camel-main applies them, and says which it does not know)
            if (key.startsWith("collector.") && !defaults.containsKey(key)
                    && !OTHER_KEYS.contains(key)) {
                LOG.warn("{}: not a setting of the collector ({}), not read: did you mean {}? (docs/configuration.md)",
                        key, origin, closest(key, documented));
            }
        }
    }

    /** The setting closest to a mistyped key, by edit distance (the agent's start says the same of its own keys). */
    static String closest(String key, Set<String> known) {
        String best = "";
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int[] previous = new int[key.length() + 1];
            for (int j = 0; j <= key.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= candidate.length(); i++) {
                int[] current = new int[key.length() + 1];
                current[0] = i;
                for (int j = 1; j <= key.length(); j++) {
                    current[j] = Math.min(previous[j - 1] + (candidate.charAt(i - 1) == key.charAt(j - 1) ? 0 : 1),
                            Math.min(previous[j], current[j - 1]) + 1);
                }
                previous = current;
            }
            if (previous[key.length()] < bestDistance) {
                best = candidate;
                bestDistance = previous[key.length()];
            }
        }
        return best;
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
     * Every documented setting against its type ({@link SettingType}), and a value other than text with {@code " #"}
     * in it (a comment written after the value, which a {@code .properties} file reads as part of the value): one
     * line naming the key, what is wrong and where the value was set.
     */
    private static void checkTypes(Map<String, String> types, Properties properties, Map<String, String> origins) {
        types.forEach((key, type) -> {
            String value = properties.getProperty(key, "");
            String origin = " (" + origins.getOrDefault(key, "the embedded default") + ")";
            if (!type.equals("text") && COMMENT_AFTER_VALUE.matcher(value).find()) {
                throw new IllegalArgumentException(key + ": has a '#' after a space: in a .properties file a comment"
                        + " is a line of its own (starting with #), text after a value is part of the value" + origin);
            }
            String problem = SettingType.of(type).problem(value);
            if (problem != null) {
                throw new IllegalArgumentException(key + ": " + problem + origin);
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

    /** A number setting, checked against the range of its definition when the settings were loaded. */
    public long number(String key) {
        SettingType type = SettingType.of(types.getOrDefault(key, "text"));
        if (!type.number()) {
            throw new IllegalStateException(key + " is not a number setting");
        }
        return Long.parseLong(get(key));
    }

    /** All settings, for Camel's property placeholders. */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }
}
