package io.ceip.agent.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration file's part of the {@link ConfigurationCheck}: its form (no byte order mark), its keys (unknown,
 * repeated or look-alike {@code ceip.*} keys, {@link LookAlikeKeys}; a renamed key under its old name), its
 * placeholders that call a function other than {@code env:} and {@code sys:} ({@link PlaceholderFunctions}), and its
 * {@code {{env:NAME}}} placeholders (without a {@code :default}) whose variable, looked up as Camel does
 * ({@link EnvironmentNames}), is not set: Camel would resolve them to an empty value without a word.
 */
final class ConfigurationFileKeys {

    /** {@code {{env:NAME}}} with no default ({@code {{env:NAME:default}}} has one). */
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{env:([^:}]+)}}");

    private final SettingCatalog catalog;

    ConfigurationFileKeys(SettingCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Adds each problem of {@code file} to {@code problems} (one line each, {@code file:line: ...}) and each renamed
     * key set under its old name to {@code oldKeys}; answers where each setting is set ({@code file:line}) and its
     * value as {@code Properties} reads it.
     */
    Map<String, Origin> check(ConfigurationText file, Map<String, String> environment, List<String> problems,
            Map<String, Origin> oldKeys) {
        if (file.text().startsWith("\uFEFF")) { // Camel would read the first key with the mark, so its setting unset
            problems.add(file.file() + ":1: starts with a byte order mark; save the file as UTF-8 without it");
            return Map.of();
        }
        problems.addAll(PlaceholderFunctions.inFile(file));
        Map<String, Origin> where = new HashMap<>();
        for (PropertyLines.Entry entry : PropertyLines.parse(file.text())) {
            String line = file.file() + ":" + entry.line();
            Optional<String> lookAlike = LookAlikeKeys.problem(entry.key(), catalog);
            lookAlike.ifPresent(problem -> problems.add(line + ": " + problem));
            if (lookAlike.isPresent() || !entry.key().startsWith("ceip.")) {
                continue; // a key of Camel's, or one refused above
            }
            if (catalog.find(entry.key()).isEmpty() && catalog.renamedFrom(entry.key()).isPresent()) {
                if (oldKeys.putIfAbsent(entry.key(), new Origin(line, entry.value())) != null) {
                    problems.add(line + ": " + entry.key() + " is set twice (also at "
                            + oldKeys.get(entry.key()).where() + ")");
                }
            } else if (catalog.find(entry.key()).isEmpty()) {
                problems.add(line + ": unknown setting " + entry.key() + " (did you mean "
                        + catalog.closest(entry.key()) + "?)");
            } else if (where.containsKey(entry.key())) {
                problems.add(line + ": " + entry.key() + " is set twice (also at " + where.get(entry.key()).where()
                        + ")");
            } else {
                where.put(entry.key(), new Origin(line, entry.value()));
                unsetVariables(line, entry, environment, problems);
            }
        }
        return where;
    }

    private static void unsetVariables(String line, PropertyLines.Entry entry, Map<String, String> environment,
            List<String> problems) {
        Matcher variable = ENV_PLACEHOLDER.matcher(entry.value());
        while (variable.find()) {
            String name = variable.group(1);
            if (EnvironmentNames.lookup(name, environment).isEmpty()) {
                String expected = EnvironmentNames.expected(name);
                problems.add(line + ": " + entry.key() + " needs the environment variable " + expected
                        + (expected.equals(name) ? "" : " (Camel reads {{env:" + name + "}} from it)")
                        + ", which is not set");
            }
        }
    }
}
