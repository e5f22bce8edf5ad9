package io.ceip.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A value every report carries ({@code | reported}: the product's name, version and edition, the agent's version)
 * never holds a secret: such a setting written with a placeholder that resolves to text holding the value of a
 * {@code secret} setting ({@code ceip.product.name=Demo {{ceip.endpoint.token}}}, or {@code {{env:NAME}}} naming the
 * variable the database password is read from) is refused, in one line naming where it was set, the setting and the
 * secret setting, never either value. The redaction rules need not recognise a token for it never to leave. A value
 * written without a placeholder is the administrator's own text, and is not compared (a short password such as
 * {@code sa} would be found in many a product name).
 */
final class ReportedSecrets {

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
        return problems;
    }
}
