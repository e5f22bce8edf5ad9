package io.ceip.agent.events;

import io.ceip.agent.files.YamlText;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What the vendor declares about its product's events, read once at start from {@code ceip.events.catalog-file}
 * (default {@code config/events.yaml}):
 *
 * <pre>
 * features: [dashboards.open, reports.export]   # feature names counted by name; any other is counted as "other"
 * operations: [deploy, report.render]           # operations whose durations are measured; any other: "other"
 * packages: [com.vendor.]                       # the product's own code: only frames under these prefixes are kept
 * </pre>
 *
 * Names are 1 to 64 letters, digits, spaces or {@code . _ : / + -}, starting with a letter or digit;
 * {@value #OTHER} is reserved. Packages are Java-style prefixes ({@code com.vendor} and {@code com.vendor.} are the
 * same: a whole package). Only declared names (and {@value #OTHER}) ever leave, and only at full consent. A file
 * not of this form stops the start with one line naming the file and what is wrong.
 */
public final class EventCatalog {

    /** The name every undeclared feature or operation (and every overflow) is counted under. */
    public static final String OTHER = "other";

    static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._:/+-]{0,63}");
    static final Pattern PACKAGE = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*\\.?");
    private static final Set<String> FIELDS = Set.of("features", "operations", "packages");
    private static final int MAX_DECLARED = 10_000;

    private final Set<String> features;
    private final Set<String> operations;
    private final List<String> packages;

    public EventCatalog(Set<String> features, Set<String> operations, List<String> packages) {
        this.features = Set.copyOf(features);
        this.operations = Set.copyOf(operations);
        this.packages = packages.stream().map(p -> p.endsWith(".") ? p : p + ".").toList();
    }

    /** {@code name} if it is a declared feature, else {@value #OTHER}. */
    public String feature(String name) {
        return features.contains(name) ? name : OTHER;
    }

    /** {@code name} if it is a declared operation, else {@value #OTHER}. */
    public String operation(String name) {
        return operations.contains(name) ? name : OTHER;
    }

    public boolean isFeature(String name) {
        return OTHER.equals(name) || features.contains(name);
    }

    public boolean isOperation(String name) {
        return OTHER.equals(name) || operations.contains(name);
    }

    /** True when the qualified name {@code name} (a class, or a class and method) is in one of the own packages. */
    public boolean isOwn(String name) {
        for (String prefix : packages) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses a declared feature or operation the report would never carry as declared: {@code rule} says which rule
     * of the report's redaction would remove or rewrite a field of that name (empty when none does). One line names
     * {@code file}, the entry and the rule, so that the vendor renames it.
     */
    public void requireLeavesAsDeclared(Path file, Function<String, Optional<String>> rule) {
        for (Map.Entry<String, Set<String>> declared : List.of(Map.entry("features", features),
                Map.entry("operations", operations))) {
            for (String name : declared.getValue().stream().sorted().toList()) {
                rule.apply(name).ifPresent(why -> {
                    throw new IllegalArgumentException(file + ": " + declared.getKey() + ": '" + name + "' would"
                            + " never reach the vendor: the report's redaction rules (ceip.redaction.rules-file): "
                            + why + "; rename it");
                });
            }
        }
    }

    /** Reads and checks {@code file}. */
    public static EventCatalog load(Path file) {
        Object document;
        String text = YamlText.read(file, "ceip.events.catalog-file");
        try {
            document = new Load(LoadSettings.builder().build()).loadFromString(text);
        } catch (RuntimeException e) {
            throw YamlText.invalid(file, e);
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException(file + ": expected 'features:', 'operations:' and 'packages:' lists");
        }
        for (Object key : root.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(file + ": unknown key '" + key
                        + "' (expected features, operations, packages)");
            }
        }
        return new EventCatalog(names(file, "features", root.get("features"), NAME),
                names(file, "operations", root.get("operations"), NAME),
                new ArrayList<>(names(file, "packages", root.get("packages"), PACKAGE)));
    }

    private static Set<String> names(Path file, String key, Object value, Pattern pattern) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof List<?> list) || list.size() > MAX_DECLARED) {
            throw new IllegalArgumentException(file + ": " + key + " must be a list of at most " + MAX_DECLARED
                    + " names");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Object item : list) {
            String text = item instanceof String s ? s : null;
            if (text == null || !pattern.matcher(text).matches() || text.equals(OTHER)) {
                throw new IllegalArgumentException(file + ": " + key + ": '" + item + "' is not a valid "
                        + (pattern == NAME ? "name (1 to 64 letters, digits, spaces or . _ : / + -; 'other' is"
                                + " reserved)" : "package prefix (com.vendor.)"));
            }
            if (!names.add(text)) {
                throw new IllegalArgumentException(file + ": " + key + ": '" + text + "' declared twice");
            }
        }
        return names;
    }
}
