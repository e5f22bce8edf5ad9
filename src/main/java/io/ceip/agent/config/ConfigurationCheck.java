package io.ceip.agent.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the agent's configuration against the {@link SettingCatalog} before anything is made from it, so that a
 * typo or a hostile value stops the start with one line naming what is wrong and where:
 * <ul>
 * <li>in the configuration file, a {@code ceip.*} key that is no setting ({@code config/application.properties:42:
 * unknown setting ceip.retry.max-delays (did you mean ceip.retry.max-delay?)}) or a key written twice;</li>
 * <li>in the environment, a {@code CEIP_*} variable that overrides no setting;</li>
 * <li>for every setting, its resolved value against its type and range, naming where the value came from (the
 * file and line, the environment variable, an override, or the embedded default); a secret's value is never shown.</li>
 * </ul>
 * System properties are not checked for unknown keys (they are the launcher's, not the administrator's).
 */
public final class ConfigurationCheck {

    /** {@code CEIP_*} environment variables that are not settings. */
    static final Set<String> NOT_SETTINGS = Set.of("CEIP_CONFIG", "CEIP_DISABLED");
    /** The largest configuration file read. */
    static final long MAX_FILE_BYTES = 1 << 20;
    /** {@code {{env:NAME}}} with no default ({@code {{env:NAME:default}}} has one). */
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{env:([^:}]+)}}");

    private final SettingCatalog catalog;

    public ConfigurationCheck(SettingCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Checks everything and throws an {@link IllegalArgumentException} whose message is the first problem (and how
     * many more there are).
     *
     * @param configFile the administrator's configuration file, if there is one
     * @param environment the process environment
     * @param overrides the keys set as override properties (by the command line or a test)
     * @param resolved a setting's value as Camel resolves it (placeholders resolved), empty when unset
     */
    public void verify(Optional<Path> configFile, Map<String, String> environment, Set<String> overrides,
            Function<String, Optional<String>> resolved) {
        List<String> problems = problems(configFile, environment, overrides, resolved);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
    }

    /** Every problem, one line each, in the order: file, environment, values. */
    public List<String> problems(Optional<Path> configFile, Map<String, String> environment, Set<String> overrides,
            Function<String, Optional<String>> resolved) {
        List<String> problems = new ArrayList<>();
        Map<String, String> fileLines = configFile.map(file -> checkFile(file, environment, problems))
                .orElse(Map.of());
        environment.keySet().stream().filter(name -> name.startsWith("CEIP_") && !NOT_SETTINGS.contains(name))
                .filter(name -> catalog.byEnvironmentVariable(name).isEmpty()).sorted()
                .forEach(name -> problems.add("environment variable " + name + ": no such setting (did you mean "
                        + SettingDefinition.environmentVariable(catalog.closest(
                                name.toLowerCase(java.util.Locale.ROOT).replace('_', '.'))) + "?)"));
        for (SettingDefinition definition : catalog.all()) {
            String where = environment.containsKey(definition.environmentVariable())
                    ? "environment variable " + definition.environmentVariable()
                    : overrides.contains(definition.key()) ? "override"
                    : fileLines.getOrDefault(definition.key(), "embedded default");
            String value;
            try {
                value = resolved.apply(definition.key()).map(String::trim).orElse("");
            } catch (RuntimeException e) {
                problems.add(where + ": " + definition.key() + " cannot be resolved ("
                        + (definition.type().shown() ? e.getMessage() : e.getClass().getSimpleName()) + ")");
                continue;
            }
            definition.type().problem(value).ifPresent(problem -> problems.add(where + ": " + definition.key()
                    + (definition.type().shown() ? " '" + value + "' " : " ") + problem));
        }
        return problems;
    }

    /**
     * Unknown and repeated {@code ceip.*} keys of the file, and {@code {{env:NAME}}} placeholders (without a
     * {@code :default}) whose variable is not set — Camel would resolve them to an empty value without a word; answers
     * where each key is set ({@code file:line}).
     */
    private Map<String, String> checkFile(Path file, Map<String, String> environment, List<String> problems) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.add(file + ": larger than " + MAX_FILE_BYTES + " bytes; not a configuration file");
                return Map.of();
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration file " + file, e);
        }
        Map<String, String> where = new HashMap<>();
        for (PropertyLines.Entry entry : PropertyLines.parse(text)) {
            String line = file + ":" + entry.line();
            if (!entry.key().startsWith("ceip.")) {
                continue;
            }
            if (catalog.find(entry.key()).isEmpty()) {
                problems.add(line + ": unknown setting " + entry.key() + " (did you mean "
                        + catalog.closest(entry.key()) + "?)");
            } else if (where.containsKey(entry.key())) {
                problems.add(line + ": " + entry.key() + " is set twice (also at " + where.get(entry.key()) + ")");
            } else {
                where.put(entry.key(), line);
                Matcher variable = ENV_PLACEHOLDER.matcher(entry.value());
                while (variable.find()) {
                    if (!environment.containsKey(variable.group(1))) {
                        problems.add(line + ": " + entry.key() + " needs the environment variable "
                                + variable.group(1) + ", which is not set");
                    }
                }
            }
        }
        return where;
    }
}
