package io.ceip.agent.collect;

import io.ceip.agent.files.YamlText;
import io.ceip.agent.privacy.ConsentLevel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What the vendor declares about the component inventory and the licence facts, read once at start from
 * {@code ceip.inventory.catalog-file} (default {@code config/inventory.yaml}; see docs/inventory.md):
 *
 * <pre>
 * components:                       # report member "components" (consent basic)
 *   sql: SELECT SUBSTRING(name, 1, 1025) AS name, SUBSTRING(version, 1, 65) AS version FROM product_module
 *   names: [core, widget/graph]     # sent by name; any other name is counted under "other"
 *   undeclared: other               # or pseudonymised: any other name leaves as p: + 16 hex digits
 * licence:                          # report member "licence" (consent full)
 *   sql: SELECT SUBSTRING(type, 1, 65) AS type, valid_until, unlimited FROM licence   # one row; or file
 *   features-sql: SELECT SUBSTRING(feature, 1, 65) AS feature, enabled FROM licence_feature   # optional
 *   engines-sql: SELECT SUBSTRING(engine_id, 1, 257) AS engine_id FROM connected_engine      # optional
 *   types: [trial, enterprise]      # the closed set of licence types; any other is sent as "other"
 *   features: [reporting]           # the only feature flags sent
 *   customer: off                   # off (default): never read; pseudonymised: p: + 16 hex digits
 * </pre>
 *
 * Each member is optional; each has exactly one source, {@code sql} or {@code file}. Names, types and feature keys
 * are 1 to 64 letters, digits, spaces or {@code . _ : / + -} ({@value #OTHER} is reserved). SQL is one SELECT
 * without parameters ({@link SqlText}, a convenience check) that bounds each text column on the server
 * (docs/inventory.md). A file not of this form stops the start with one line naming the file and what is wrong.
 */
public final class InventoryCatalog {

    /** What undeclared names, types and overflows are counted or sent as. */
    public static final String OTHER = "other";

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._:/+-]{0,63}");
    private static final Set<String> COMPONENT_KEYS = Set.of("sql", "file", "names", "undeclared");
    private static final Set<String> LICENCE_KEYS = Set.of("sql", "file", "features-sql", "engines-sql", "types",
            "features", "customer");
    private static final int MAX_DECLARED = 10_000;
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):[A-Za-z_]");

    private final List<InventoryQuery> componentQueries;
    private final List<InventoryQuery> licenceQueries;
    private final Path componentsFile;
    private final Path licenceFile;
    private final Set<String> componentNames;
    private final boolean pseudonymiseUndeclared;
    private final Set<String> licenceTypes;
    private final Set<String> licenceFeatures;
    private final boolean customerPseudonym;

    private InventoryCatalog(Map<?, ?> components, Map<?, ?> licence, String where) {
        componentQueries = components == null || components.get("sql") == null ? List.of()
                : List.of(query(where + ": components", InventoryQuery.Part.COMPONENTS, components.get("sql")));
        componentsFile = components == null ? null : file(where + ": components", components);
        componentNames = components == null ? Set.of() : names(where + ": components: names", components.get("names"));
        pseudonymiseUndeclared = components != null
                && choice(where + ": components: undeclared", components.get("undeclared"), OTHER, "pseudonymised");
        List<InventoryQuery> licenceQueries = new ArrayList<>();
        Map<?, ?> sources = licence == null ? Map.of() : licence;
        if (sources.get("file") != null && (sources.get("features-sql") != null || sources.get("engines-sql") != null)) {
            throw new IllegalArgumentException(where + ": licence: features-sql and engines-sql are for a licence"
                    + " read with sql (a licence file holds its features and engines itself)");
        }
        for (InventoryQuery.Part part : List.of(InventoryQuery.Part.LICENCE, InventoryQuery.Part.LICENCE_FEATURES,
                InventoryQuery.Part.LICENCE_ENGINES)) {
            String key = part == InventoryQuery.Part.LICENCE ? "sql" : part.source().substring(8) + "-sql";
            if (sources.get(key) != null) {
                licenceQueries.add(query(where + ": licence: " + key, part, sources.get(key)));
            }
        }
        this.licenceQueries = List.copyOf(licenceQueries);
        licenceFile = licence == null ? null : file(where + ": licence", licence);
        licenceTypes = licence == null ? Set.of() : names(where + ": licence: types", licence.get("types"));
        licenceFeatures = licence == null ? Set.of() : names(where + ": licence: features", licence.get("features"));
        customerPseudonym = licence != null
                && choice(where + ": licence: customer", licence.get("customer"), "off", "pseudonymised");
    }

    /** A catalog declaring neither member (no inventory is collected). */
    public static InventoryCatalog none() {
        return new InventoryCatalog(null, null, "");
    }

    /** The queries a report collected under {@code consent} runs: the components', and at full the licence's. */
    public List<InventoryQuery> queries(ConsentLevel consent) {
        return consent == ConsentLevel.FULL
                ? Stream.concat(componentQueries.stream(), licenceQueries.stream()).toList()
                : componentQueries;
    }

    /** Whether the components member is declared (then {@link #hasLicence()}: the licence member). */
    public boolean hasComponents() {
        return componentsFile != null || !componentQueries.isEmpty();
    }

    public boolean hasLicence() {
        return licenceFile != null || !licenceQueries.isEmpty();
    }

    /** The file the product writes its components into (then {@link #licenceFile()}: its licence), or null. */
    public Path componentsFile() {
        return componentsFile;
    }

    public Path licenceFile() {
        return licenceFile;
    }

    /** Whether {@code name} is a declared component name. */
    public boolean isDeclaredComponent(String name) {
        return componentNames.contains(name);
    }

    /** Whether an undeclared component name leaves as its pseudonym (else it is counted under "other"). */
    public boolean pseudonymiseUndeclared() {
        return pseudonymiseUndeclared;
    }

    /** {@code type} if it is a declared licence type, else {@value #OTHER}. */
    public String licenceType(String type) {
        return licenceTypes.contains(type) ? type : OTHER;
    }

    /** Whether {@code key} is a declared feature flag. */
    public boolean isDeclaredFeature(String key) {
        return licenceFeatures.contains(key);
    }

    /** Whether the licence's customer name is read at all, to leave as its pseudonym (default: not read). */
    public boolean customerPseudonym() {
        return customerPseudonym;
    }

    /** Reads and checks {@code file}. */
    public static InventoryCatalog load(Path file) {
        Object document;
        String text = YamlText.read(file, "ceip.inventory.catalog-file");
        try {
            document = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(text);
        } catch (RuntimeException e) {
            throw YamlText.invalid(file, e);
        }
        if (document == null) {
            return none();
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException(file + ": expected 'components:' and 'licence:' sections");
        }
        for (Object key : root.keySet()) {
            if (!"components".equals(key) && !"licence".equals(key)) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "' (expected components, licence)");
            }
        }
        return new InventoryCatalog(section(file + ": components", root.get("components"), COMPONENT_KEYS),
                section(file + ": licence", root.get("licence"), LICENCE_KEYS), file.toString());
    }

    private static Map<?, ?> section(String where, Object value, Set<String> keys) {
        String expected = "expected " + String.join(", ", new java.util.TreeSet<>(keys));
        if (value != null && !(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(where + ": " + expected);
        }
        Map<?, ?> section = (Map<?, ?>) value;
        for (Object key : section == null ? Set.of() : section.keySet()) {
            if (!keys.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' (" + expected + ")");
            }
        }
        if (section != null && (section.get("sql") == null) == (section.get("file") == null)) {
            throw new IllegalArgumentException(where + ": give exactly one source, sql or file");
        }
        return section;
    }

    private static InventoryQuery query(String where, InventoryQuery.Part part, Object sql) {
        if (!(sql instanceof String text)) {
            throw new IllegalArgumentException(where + ": sql must be a single SELECT statement");
        }
        String problem = SqlText.problem(text).orElse(null);
        if (problem == null && PARAMETER.matcher(SqlText.code(text, false)).find()) {
            problem = "sql may not have parameters";
        }
        if (problem != null) {
            throw new IllegalArgumentException(where + ": " + problem);
        }
        return new InventoryQuery(part, text.trim());
    }

    private static Path file(String where, Map<?, ?> section) {
        Object file = section.get("file");
        if (file == null) {
            return null;
        }
        String text = file instanceof String s ? s : "";
        if (!text.matches("(?i).+\\.(json|ya?ml)") || text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(where + ": file must be a path ending .json, .yaml or .yml");
        }
        return Path.of(text);
    }

    /** False for absent or {@code off}, true for {@code on}; anything else stops the start. */
    private static boolean choice(String where, Object value, String off, String on) {
        if (value == null || off.equals(value)) {
            return false;
        }
        if (on.equals(value)) {
            return true;
        }
        throw new IllegalArgumentException(where + ": '" + value + "' is not " + off + " or " + on);
    }

    private static Set<String> names(String where, Object value) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof List<?> list) || list.size() > MAX_DECLARED) {
            throw new IllegalArgumentException(where + " must be a list of at most " + MAX_DECLARED + " names");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Object item : list) {
            String text = item instanceof String s ? s : null;
            if (text == null || !NAME.matcher(text).matches() || text.equals(OTHER)) {
                throw new IllegalArgumentException(where + ": '" + item + "' is not a valid name (1 to 64 letters,"
                        + " digits, spaces or . _ : / + -; 'other' is reserved)");
            }
            if (!names.add(text)) {
                throw new IllegalArgumentException(where + ": '" + text + "' declared twice");
            }
        }
        return Set.copyOf(names);
    }
}
