package io.ceip.agent.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value every report carries ({@code | reported}: the product's name, version and edition, the agent's version)
 * never holds a secret: such a setting written with a placeholder that resolves to text holding the value of a
 * {@code secret} setting ({@code ceip.product.name=Demo {{ceip.endpoint.token}}}, or {@code {{env:NAME}}} naming the
 * variable the database password is read from) is refused, in one line naming where it was set, the setting and the
 * secret setting, never either value. The redaction rules need not recognise a token for it never to leave. A value
 * written without a placeholder is the administrator's own text, and is not compared (a short password such as
 * {@code sa} would be found in many a product name).
 * <p>
 * And by construction, whatever the values: a setting that is not a secret never names a secret in a placeholder — a
 * secret setting ({@code ceip.cluster.node-id={{ceip.database.password}}}), its environment variable, or the variable
 * a secret is read from ({@code {{env:PRODUCT_DB_PASSWORD}}} beside
 * {@code ceip.database.password={{env:PRODUCT_DB_PASSWORD}}}), its system property ({@code {{sys:ceip.endpoint.token}}},
 * set with {@code -D} in {@code CEIP_JAVA_OPTS}) or the one a secret is read from: such values are logged (a cluster node's name) or
 * shown by {@code preview} and {@code status} (a JDBC URL's credentials are cut when shown, but each secret has a
 * setting of its own: a password need never be in the URL).
 */
final class ReportedSecrets {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]{1,256})\\}\\}");
    /** Camel's function reading a JVM system property ({@code {{sys:ceip.endpoint.token}}}), a secret's source too. */
    private static final String SYSTEM = "sys:";

    private ReportedSecrets() {
    }

    /**
     * What is wrong, one line each.
     *
     * @param catalog the settings
     * @param values each setting's value as resolved (trimmed), by key; absent when not resolved
     * @param placeholders each setting whose value as written holds a placeholder, to that text
     * @param where where each setting was set ({@code file:line}, {@code environment variable X}, ...), by key
     */
    static List<String> problems(SettingCatalog catalog, Map<String, String> values, Map<String, String> placeholders,
            Map<String, String> where) {
        List<String> problems = new ArrayList<>();
        for (SettingDefinition reported : catalog.all()) {
            String value = values.get(reported.key());
            if (!reported.reported() || value == null || !placeholders.containsKey(reported.key())) {
                continue;
            }
            catalog.all().stream().filter(secret -> secret.type().kind() == SettingType.Kind.SECRET)
                    .filter(secret -> !values.getOrDefault(secret.key(), "").isEmpty()
                            && value.contains(values.get(secret.key())))
                    .findFirst().ifPresent(secret -> problems.add(where.get(reported.key()) + ": "
                            + reported.key() + ", once resolved, holds the value of " + secret.key() + ", a secret,"
                            + " and every report carries " + reported.key() + "; take it from elsewhere"));
        }
        problems.addAll(named(catalog, placeholders, where));
        return problems;
    }

    /** Settings that are not secrets naming a secret in a placeholder, one line each (keys and names only). */
    private static List<String> named(SettingCatalog catalog, Map<String, String> placeholders,
            Map<String, String> where) {
        Map<String, String> secretNames = new HashMap<>(); // a key or a variable's name, to the secret it reads
        for (SettingDefinition secret : catalog.all()) {
            if (secret.type().kind() == SettingType.Kind.SECRET) {
                secretNames.put(secret.key(), secret.key());
                secretNames.put(secret.environmentVariable(), secret.key());
                secretNames.put(SYSTEM + secret.key(), secret.key());
                names(placeholders.getOrDefault(secret.key(), "")).stream()
                        .flatMap(name -> name.startsWith("env:") ? EnvironmentNames.names(name.substring(4)).stream()
                                : java.util.stream.Stream.of(name).filter(n -> n.startsWith(SYSTEM)))
                        .forEach(variable -> secretNames.put(variable, secret.key()));
            }
        }
        List<String> problems = new ArrayList<>();
        for (SettingDefinition setting : catalog.all()) {
            if (setting.type().kind() == SettingType.Kind.SECRET || !placeholders.containsKey(setting.key())) {
                continue;
            }
            names(placeholders.get(setting.key())).stream()
                    .flatMap(name -> name.startsWith("env:") ? EnvironmentNames.names(name.substring(4)).stream()
                            : java.util.stream.Stream.of(name))
                    .filter(secretNames::containsKey).findFirst()
                    .ifPresent(name -> problems.add(where.getOrDefault(setting.key(), setting.key()) + ": "
                            + setting.key() + " names " + (name.equals(secretNames.get(name))
                                    ? name + ", a secret," : (name.startsWith(SYSTEM) ? "the system property "
                                            + name.substring(SYSTEM.length()) : "the variable " + name)
                                            + ", which the secret " + secretNames.get(name) + " is read from,")
                            + " in a placeholder: its value is logged or shown (preview, status); take it from"
                            + " elsewhere"));
        }
        return problems;
    }

    /**
     * The names the placeholders of {@code written} read: a key, {@code env:NAME} or {@code sys:NAME}; a default after
     * it dropped, and the {@code ?} of Camel's optional placeholder before it ({@code {{?ceip.endpoint.token}}} reads
     * the token as {@code {{ceip.endpoint.token}}} does).
     */
    private static List<String> names(String written) {
        List<String> names = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(written);
        while (placeholder.find()) {
            String name = placeholder.group(1).strip().replaceFirst("^\\?", "");
            int colon = name.indexOf(':', name.startsWith("env:") || name.startsWith(SYSTEM) ? 4 : 0);
            names.add(colon < 0 ? name : name.substring(0, colon));
        }
        return names;
    }
}
