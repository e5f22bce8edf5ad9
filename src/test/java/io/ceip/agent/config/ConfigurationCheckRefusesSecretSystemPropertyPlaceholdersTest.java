package io.ceip.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A setting that is not a secret never names one in a placeholder, whatever the values: {@code {{ceip.endpoint.token}}}
 * and {@code {{env:CEIP_ENDPOINT_TOKEN}}} were refused, but Camel's {@code sys:} function reads a secret as well when
 * it is set as a system property ({@code -Dceip.endpoint.token=…} in {@code CEIP_JAVA_OPTS}, a documented source), and
 * {@code ceip.cluster.node-id={{sys:ceip.endpoint.token}}} passed: the token was logged as the node's name. So did a
 * placeholder naming the system property a secret is itself read from ({@code ceip.proxy.password={{sys:proxy.pw}}}).
 */
class ConfigurationCheckRefusesSecretSystemPropertyPlaceholdersTest {

    private static final SettingCatalog CATALOG = SettingCatalog.embedded();

    @TempDir
    Path dir;

    @Test
    void aSecretsSystemPropertyNamedByAnotherSettingIsRefused() throws Exception {
        Map<String, String> system = Map.of("ceip.endpoint.token", "t0ken-4711-abcdefgh");

        assertThat(problems("ceip.cluster.node-id={{sys:ceip.endpoint.token}}\n", system)).containsExactly(
                dir.resolve("application.properties") + ":1: ceip.cluster.node-id names the system property"
                        + " ceip.endpoint.token, which the secret ceip.endpoint.token is read from, in a placeholder:"
                        + " its value is logged or shown (preview, status); take it from elsewhere");
        assertThat(problems("ceip.proxy.host=proxy-{{sys:ceip.proxy.password:none}}\n", system)).singleElement()
                .asString().contains(":1: ceip.proxy.host names the system property ceip.proxy.password, which the"
                        + " secret ceip.proxy.password is read from");
    }

    @Test
    void theSystemPropertyASecretIsReadFromIsRefusedElsewhere() throws Exception {
        Map<String, String> system = Map.of("proxy.pw", "hunter2-hunter2");

        assertThat(problems("ceip.proxy.password={{sys:proxy.pw}}\nceip.cluster.node-id=n-{{sys:proxy.pw}}\n", system))
                .singleElement().asString().contains(":2: ceip.cluster.node-id names the system property proxy.pw,"
                        + " which the secret ceip.proxy.password is read from, in a placeholder");
    }

    @Test
    void otherSystemPropertiesAndSecretsNamingSecretsStayFree() throws Exception {
        Map<String, String> system = Map.of("ceip.endpoint.token", "t0ken-4711-abcdefgh", "user.name", "ceip");

        assertThat(problems("ceip.cluster.node-id=node-{{sys:user.name}}\n"
                + "ceip.customer-endpoint.token={{sys:ceip.endpoint.token}}\n", system)).isEmpty();
    }

    /** The file's values over the embedded defaults, system properties over both (as Camel resolves them). */
    private List<String> problems(String fileText, Map<String, String> system) throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), fileText);
        Properties values = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            values.load(reader);
        }
        Map<String, String> resolved = new HashMap<>();
        CATALOG.all().forEach(d -> resolved.put(d.key(), d.defaultValue()));
        values.stringPropertyNames().forEach(key -> resolved.put(key, values.getProperty(key)
                .replaceAll("\\{\\{sys:([^:}]+)(:[^}]*)?}}", "\\$1")));
        return new ConfigurationCheck(CATALOG).check(Optional.of(ConfigurationText.read(file)), Map.of(), Map.of(), Map.of(),
                key -> Optional.ofNullable(resolved.get(key))).problems();
    }
}
