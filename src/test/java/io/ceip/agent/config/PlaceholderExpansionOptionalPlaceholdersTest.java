package io.ceip.agent.config;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel resolves an optional placeholder ({@code {{?x2}}}) as the key after the {@code ?}: forty lines
 * {@code x1={{?x2}}{{?x2}}}, ... built 2^40 copies as {@code {{x2}}} did, but the measure took {@code ?x2} for a name
 * of no key (its length as written) and let the file, the environment's settings and the overrides pass.
 */
class PlaceholderExpansionOptionalPlaceholdersTest {

    private static String doubling(int lines) {
        StringBuilder text = new StringBuilder("ceip.product.name=Demo {{?x1}}\n");
        for (int i = 1; i < lines; i++) {
            text.append("x").append(i).append("={{?x").append(i + 1).append("}}{{?x").append(i + 1).append("}}\n");
        }
        return text.append("x").append(lines).append("=lol\n").toString();
    }

    /** What Camel makes of {{?key}} nested in a value: the key's value, doubled at each line (so the bomb is real). */
    @Test
    void camelResolvesOptionalPlaceholdersAsTheirKeys() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties values = new Properties();
            values.load(new java.io.StringReader(doubling(4)));
            camel.getPropertiesComponent().setInitialProperties(values);
            assertThat(camel.resolvePropertyPlaceholders("{{x1}}")).isEqualTo("lol".repeat(8));
        }
    }

    @Test
    void optionalPlaceholdersRepeatingPlaceholdersAreMeasured() {
        assertThat(PlaceholderExpansion.tooLong(doubling(40), SettingCatalog.embedded())).contains("1: ceip.product.name");
        assertThat(PlaceholderExpansion.tooLong(SettingCatalog.embedded(), Optional.of(doubling(40).replace(
                "ceip.product.name=Demo {{?x1}}\nx1=", "x1=")), Map.of("CEIP_PRODUCT_NAME", "{{?x1}}"), Map.of(),
                Map.of())).isPresent();
        assertThat(PlaceholderExpansion.tooLong(doubling(10), SettingCatalog.embedded())).isEmpty();
    }
}
