package io.ceip.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel reads an optional placeholder, the key after a {@code ?} ({@code {{?ceip.endpoint.token}}}), as it reads the
 * key itself: the secret's value. The check took {@code ?ceip.endpoint.token} for a name of no secret, so
 * {@code ceip.cluster.node-id={{?ceip.endpoint.token}}} passed and the token was logged as the node's name; likewise
 * {@code {{?env:CEIP_ENDPOINT_TOKEN}}} and {@code {{?sys:ceip.endpoint.token}}}.
 */
class ConfigurationCheckRefusesOptionalSecretPlaceholdersTest {

    private static final SettingCatalog CATALOG = SettingCatalog.embedded();

    @TempDir
    Path dir;

    /** What Camel itself makes of {{?key}}: the key's value (so the case below is a real leak, not a guess). */
    @Test
    void camelReadsAnOptionalPlaceholderAsTheKey() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties values = new Properties();
            values.setProperty("ceip.endpoint.token", "t0ken-4711-abcdefgh");
            values.setProperty("ceip.cluster.node-id", "{{?ceip.endpoint.token}}");
            camel.getPropertiesComponent().setInitialProperties(values);
            assertThat(camel.resolvePropertyPlaceholders("{{ceip.cluster.node-id}}")).isEqualTo("t0ken-4711-abcdefgh");
        }
    }

    @Test
    void aSecretNamedInAnOptionalPlaceholderIsRefused() throws Exception {
        assertThat(problems("ceip.cluster.node-id={{?ceip.endpoint.token}}\n")).singleElement().asString()
                .contains(":1: ceip.cluster.node-id names ceip.endpoint.token, a secret, in a placeholder");
        assertThat(problems("ceip.cluster.node-id=n-{{?env:CEIP_ENDPOINT_TOKEN}}\n")).singleElement().asString()
                .contains(":1: ceip.cluster.node-id names");
        assertThat(problems("ceip.cluster.node-id={{?sys:ceip.endpoint.token}}\n")).singleElement().asString()
                .contains(":1: ceip.cluster.node-id names the system property ceip.endpoint.token");
    }

    @Test
    void anOptionalPlaceholderOfNoSecretStaysFree() throws Exception {
        assertThat(problems("ceip.cluster.node-id=node-{{?ceip.product.name}}\n")).isEmpty();
    }

    private List<String> problems(String fileText) throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), fileText);
        Properties values = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            values.load(reader);
        }
        Map<String, String> resolved = new HashMap<>(); // as Camel resolves them: the placeholder a plain word
        CATALOG.all().forEach(d -> resolved.put(d.key(), d.defaultValue()));
        values.stringPropertyNames().forEach(key -> resolved.put(key, values.getProperty(key)
                .replaceAll("\\{\\{[^}]*}}", "node")));
        return new ConfigurationCheck(CATALOG).check(Optional.of(ConfigurationText.read(file)), Map.of(), Map.of(), Map.of(),
                key -> Optional.ofNullable(resolved.get(key))).problems();
    }
}
