package io.ceip.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code ceip.*} setting, defined once: the embedded defaults file {@code ceip-defaults.properties} gives each
 * key its default and, in the comment line right above it, its type, range and meaning:
 *
 * <pre>
 * #: integer(0..20) | retries within one cycle before the report waits in the dead-letter store
 * ceip.retry.max-redeliveries=4
 * </pre>
 *
 * Camel reads the same file as the lowest-precedence property location, so the defaults it resolves are these;
 * {@link ConfigurationCheck} validates every setting against its definition and the documentation's table is
 * checked against them. The keys are a public contract: never rename one.
 */
public final class SettingCatalog {

    /** The classpath resource holding the definitions. */
    public static final String RESOURCE = "/ceip-defaults.properties";

    private final Map<String, SettingDefinition> definitions;
    /** Old key to the renamed setting's definition. */
    private final Map<String, SettingDefinition> renamed;

    private SettingCatalog(Map<String, SettingDefinition> definitions, Map<String, SettingDefinition> renamed) {
        this.definitions = definitions;
        this.renamed = renamed;
    }

    /** The agent's own definitions, from {@value #RESOURCE}. */
    public static SettingCatalog embedded() {
        try (InputStream in = SettingCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * The definitions of a defaults text; every {@code ceip.*} entry must have its {@code #:} line, once. The line may end
     * with markers: {@code | renamed-from ceip.old.key} (the old key is still read, with a deprecation warning) and
     * {@code | deprecated no-op} (a value set is ignored, with a warning) and {@code | reported} (every report carries
     * the value: it may never hold a secret's, {@link ReportedSecrets}).
     */
    public static SettingCatalog parse(String text) {
        Map<String, SettingDefinition> definitions = new LinkedHashMap<>();
        Map<String, SettingDefinition> renamed = new LinkedHashMap<>();
        for (PropertyLines.Entry entry : PropertyLines.parse(text)) {
            if (!entry.key().startsWith("ceip.")) {
                continue;
            }
            String where = RESOURCE + ":" + entry.line() + ": " + entry.key();
            if (entry.definition() == null || !entry.definition().contains(" | ")) {
                throw new IllegalStateException(where + " has no '#: type | meaning' line above it");
            }
            String[] parts = entry.definition().split(" \\| ");
            String renamedFrom = null;
            boolean deprecatedNoOp = false;
            boolean reported = false;
            int meaningEnd = parts.length;
            for (; meaningEnd > 2; meaningEnd--) {
                String marker = parts[meaningEnd - 1].trim();
                if (marker.equals("deprecated no-op")) {
                    deprecatedNoOp = true;
                } else if (marker.equals("reported")) {
                    reported = true;
                } else if (marker.matches("renamed-from ceip\\.[a-z0-9.-]+")) {
                    renamedFrom = marker.substring("renamed-from ".length());
                } else {
                    break;
                }
            }
            String meaning = String.join(" | ", java.util.Arrays.copyOfRange(parts, 1, meaningEnd)).trim();
            SettingDefinition definition = new SettingDefinition(entry.key(), SettingType.parse(parts[0]),
                    entry.value().trim(), meaning, renamedFrom, deprecatedNoOp, reported);
            if (definitions.putIfAbsent(entry.key(), definition) != null) {
                throw new IllegalStateException(where + " is defined twice");
            }
            if (renamedFrom != null && renamed.put(renamedFrom, definition) != null) {
                throw new IllegalStateException(where + ": renamed-from " + renamedFrom + " is given twice");
            }
        }
        for (String oldKey : renamed.keySet()) {
            if (definitions.containsKey(oldKey)) {
                throw new IllegalStateException(RESOURCE + ": renamed-from " + oldKey + " is a key already");
            }
        }
        return new SettingCatalog(definitions, renamed);
    }

    /** The setting that {@code oldKey} was renamed to, if it is an old key. */
    public Optional<SettingDefinition> renamedFrom(String oldKey) {
        return Optional.ofNullable(renamed.get(oldKey));
    }

    /** All definitions, in the file's order. */
    public Collection<SettingDefinition> all() {
        return definitions.values();
    }

    /** The definition of {@code key}, if it is a setting. */
    public Optional<SettingDefinition> find(String key) {
        return Optional.ofNullable(definitions.get(key));
    }

    /** The defined key whose environment variable is {@code name}, if any. */
    public Optional<SettingDefinition> byEnvironmentVariable(String name) {
        return definitions.values().stream().filter(d -> d.environmentVariable().equals(name)).findFirst();
    }

    /** The defined key closest to a mistyped one (by edit distance), for a "did you mean" hint. */
    public String closest(String key) {
        return definitions.keySet().stream().min(Comparator.comparingInt(known -> distance(known, key))).orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
