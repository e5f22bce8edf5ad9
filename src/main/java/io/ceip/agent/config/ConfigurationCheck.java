package io.ceip.agent.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks the agent's configuration against the {@link SettingCatalog} before anything is made from it, so that a
 * typo or a hostile value stops the start with one line naming what is wrong and where:
 * <ul>
 * <li>in the configuration file ({@link ConfigurationFileKeys}), a {@code ceip.*} key that is no setting
 * ({@code config/application.properties:42: unknown setting ceip.retry.max-delays (did you mean
 * ceip.retry.max-delay?)}), a key written twice, one that looks like a setting but is none ({@link LookAlikeKeys}:
 * {@code Ceip.consent.default}, a Cyrillic {@code с}), or a placeholder calling a function other than {@code env:}
 * and {@code sys:} ({@link PlaceholderFunctions});</li>
 * <li>in the environment, a {@code CEIP_*} variable that overrides no setting;</li>
 * <li>for every setting, its resolved value against its type and range, naming where the value came from (the
 * environment variable, the system property, an override, the file and line, or the embedded default, in the order
 * Camel reads them); a secret's value is never shown, nor what a placeholder resolves to (the text as written is
 * quoted instead: {@code '{{env:PROXY_PASSWORD}}', once resolved, is not a whole number});</li>
 * <li>a setting every report carries that a placeholder makes hold a secret's value ({@link ReportedSecrets}).</li>
 * </ul>
 * System properties are not checked for unknown keys (they are the launcher's, not the administrator's).
 * <p>
 * A renamed setting ({@code | renamed-from ceip.old.key} in its definition) is still read under its old key, in the
 * file or the environment, with one warning naming where, the old and the new key; both keys set is refused. A
 * {@code | deprecated no-op} setting that is set is ignored with one warning. {@link #verify} answers the warnings
 * and the renamed keys, which the caller logs and applies.
 */
public final class ConfigurationCheck {

    /**
     * {@code CEIP_*} variables that are not the agent's settings: its own ({@code CEIP_CONFIG}, {@code CEIP_DISABLED})
     * and the collector's, which a vendor trying both on one machine exports in the same shell
     * ({@code CEIP_COLLECTOR_FLEET_TOKEN}, and {@code CEIP_COLLECTOR_TOKEN_<ID>} by {@link #NOT_SETTINGS_PREFIX}).
     */
    static final Set<String> NOT_SETTINGS = Set.of("CEIP_CONFIG", "CEIP_DISABLED", "CEIP_COLLECTOR_FLEET_TOKEN");
    /** The collector's product tokens, {@code CEIP_COLLECTOR_TOKEN_<ID>}: never the agent's settings either. */
    static final String NOT_SETTINGS_PREFIX = "CEIP_COLLECTOR_TOKEN_";

    private final SettingCatalog catalog;

    public ConfigurationCheck(SettingCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Checks everything and throws an {@link IllegalArgumentException} whose message is the first problem (and how
     * many more there are).
     *
     * @param configFile the administrator's configuration file, if there is one, as read once
     *        ({@link ConfigurationText}: what Camel is handed)
     * @param environment the process environment
     * @param systemProperties the JVM's {@code ceip.*} system properties, key to value
     * @param overrides the override properties (set by the command line or a test), key to value as written
     * @param resolved a setting's value as Camel resolves it (placeholders resolved), empty when unset
     */
    public Outcome verify(Optional<ConfigurationText> configFile, Map<String, String> environment,
            Map<String, String> systemProperties, Map<String, String> overrides,
            Function<String, Optional<String>> resolved) {
        Outcome outcome = check(configFile, environment, systemProperties, overrides, resolved);
        List<String> problems = outcome.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        return outcome;
    }

    /**
     * What the check found.
     *
     * @param problems what stops the start, one line each, in the order: file, environment, values
     * @param warnings a renamed key read under its old name, a deprecated setting ignored: one line each
     * @param renamed new key to the old key it is to be read from (set under its old name only)
     * @param ignored deprecated no-op settings that were set, to be put back to their defaults
     * @param placeholders each setting whose value as written holds a placeholder, to that text: a message quotes it,
     *        never what it resolves to ({@link Settings#quoted})
     */
    public record Outcome(List<String> problems, List<String> warnings, Map<String, String> renamed,
            Set<String> ignored, Map<String, String> placeholders) {
    }

    /** Problems, warnings, renamed and ignored keys. */
    public Outcome check(Optional<ConfigurationText> configFile, Map<String, String> environment,
            Map<String, String> systemProperties, Map<String, String> overrides,
            Function<String, Optional<String>> resolved) {
        List<String> problems = new ArrayList<>();
        Map<String, Origin> oldKeys = new HashMap<>();
        Map<String, Origin> fileLines = configFile.map(file -> new ConfigurationFileKeys(catalog).check(file,
                environment, problems, oldKeys)).orElse(Map.of());
        environment.keySet().stream().filter(name -> name.startsWith("CEIP_") && !NOT_SETTINGS.contains(name)
                && !name.startsWith(NOT_SETTINGS_PREFIX))
                .sorted().forEach(name -> {
                    String key = name.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                    if (catalog.byEnvironmentVariable(name).isPresent()) {
                        return;
                    }
                    Optional<SettingDefinition> renamed = catalog.all().stream().flatMap(d -> d.oldKey().stream())
                            .filter(old -> SettingDefinition.environmentVariable(old).equals(name)).findFirst()
                            .flatMap(catalog::renamedFrom);
                    if (renamed.isPresent()) {
                        oldKeys.putIfAbsent(renamed.get().renamedFrom(),
                                new Origin("environment variable " + name, environment.get(name)));
                    } else {
                        problems.add("environment variable " + name + ": no such setting (did you mean "
                                + SettingDefinition.environmentVariable(catalog.closest(key)) + "?)");
                    }
                });
        List<String> warnings = new ArrayList<>();
        Map<String, String> renamed = new HashMap<>(), placeholders = new HashMap<>();
        Set<String> ignored = new java.util.TreeSet<>();
        Map<String, String> values = new HashMap<>(), wheres = new HashMap<>();
        for (SettingDefinition definition : catalog.all()) {
            String variable = definition.environmentVariable();
            String key = definition.key();
            Origin origin = environment.containsKey(variable)
                    ? new Origin("environment variable " + variable, environment.get(variable))
                    : systemProperties.containsKey(key)
                            ? new Origin("system property " + key, systemProperties.get(key))
                    : overrides.containsKey(key) ? new Origin("override", overrides.get(key))
                    : fileLines.getOrDefault(key, new Origin("embedded default", definition.defaultValue()));
            String where = origin.where(), readFrom = definition.key();
            Origin old = definition.oldKey().map(oldKeys::get).orElse(null);
            String oldWhere = old == null ? null : old.where();
            if (oldWhere != null) {
                if (!where.equals("embedded default")) {
                    problems.add(oldWhere + ": " + definition.renamedFrom() + " (renamed " + definition.key()
                            + ") and " + definition.key() + " (" + where + ") are both set; keep "
                            + definition.key() + " only");
                    continue;
                }
                warnings.add(oldWhere + ": " + definition.renamedFrom() + " is deprecated, renamed "
                        + definition.key() + "; its value is read as " + definition.key() + " (rename it)");
                renamed.put(definition.key(), definition.renamedFrom());
                where = oldWhere;
                origin = old;
                readFrom = definition.renamedFrom();
            }
            if (origin.written().contains("{{")) {
                placeholders.put(key, origin.written().trim());
            }
            if (definition.deprecatedNoOp()) {
                if (!where.equals("embedded default") && !where.equals("override")) {
                    warnings.add(where + ": " + definition.key() + " is deprecated and has no effect any more;"
                            + " its value is ignored (remove it)");
                    ignored.add(definition.key());
                }
                continue;
            }
            String value;
            try {
                value = resolved.apply(readFrom).map(String::trim).orElse("");
            } catch (RuntimeException e) {
                if (!UnresolvedPlaceholderException.repeats(e, problems)) { // an unset variable named above
                    problems.add(where + ": " + definition.key() + " cannot be resolved ("
                            + (definition.type().shown() || e instanceof UnresolvedPlaceholderException
                            ? e.getMessage() : e.getClass().getSimpleName()) + ")");
                }
                continue;
            }
            values.put(key, value);
            wheres.put(key, where);
            Optional<String> problem = definition.type().problem(value);
            if (problem.isPresent()) {
                problems.add(where + ": " + definition.key() + (definition.type().shown()
                        ? " " + Settings.quoted(value, Optional.ofNullable(placeholders.get(key))) + " " : " ")
                        + problem.get());
            }
        }
        problems.addAll(ReportedSecrets.problems(catalog, values, placeholders, wheres));
        return new Outcome(problems, warnings, renamed, ignored, placeholders);
    }
}
