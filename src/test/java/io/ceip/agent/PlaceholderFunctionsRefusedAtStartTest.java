package io.ceip.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ceip.agent.support.AgentStarts.agent;
import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value that calls a placeholder function other than {@code env:} and {@code sys:} stops the start in one line
 * naming the key and where, and the function is never called: {@code ceip.product.name={{bean:probe.name}}} ran a
 * method of a bean in the registry at start (camel-bean is on the class path), and {@code {{service:...}}},
 * {@code {{boolean:...}}} or a jar's function would have run as well. A function name put together by another
 * placeholder ({@code {{sys:NAME}}} whose property holds {@code {{bean:probe.name}}}) calls nothing either.
 */
class PlaceholderFunctionsRefusedAtStartTest {

    private static final String ONLY = "; a value may read {{env:NAME}} and {{sys:NAME}} only";

    @TempDir
    Path dir;

    private final Probe probe = new Probe();

    @AfterEach
    void forgetTheProperties() {
        System.clearProperty("ceip.product.version");
        System.clearProperty("probe.text");
    }

    @Test
    void aFunctionInTheConfigurationFileIsOneLineAndNeverCalled() throws Exception {
        Path config = Files.writeString(dir.resolve("application.properties"),
                "ceip.product.edition=community\nceip.product.name=Demo {{bean:probe.name}}\n");
        Main main = agent(dir.resolve("data"), config, Map.of());
        main.bind("probe", probe);

        assertStartStopsSaying(main, config + ":2: ceip.product.name calls Camel's placeholder function bean: ({{bean:…}})"
                + ONLY);
        assertThat(probe.calls).as("the bean's method called").hasValue(0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "{{bean:probe.name}}", "{{?bean:probe.name}}", "x{{ bean :probe.name}}",
            "{{service:probe}}", "{{boolean:probe}}" })
    void aFunctionInAnOverrideIsOneLineAndNeverCalled(String value) {
        Main main = agent(dir.resolve("data"), null, Map.of("ceip.product.edition", value));
        main.bind("probe", probe);

        String function = value.replaceAll("^.*\\{\\{\\??\\s*(\\w+)\\s*:.*$", "$1");
        assertStartStopsSaying(main, "override: ceip.product.edition calls Camel's placeholder function " + function
                + ": ({{" + function + ":…}})" + ONLY);
        assertThat(probe.calls).hasValue(0);
    }

    @Test
    void aFunctionInASystemPropertyIsOneLineAndNeverCalled() {
        System.setProperty("ceip.product.version", "{{bean:probe.name}}");
        Main main = agent(dir.resolve("data"), null, Map.of());
        main.bind("probe", probe);

        assertStartStopsSaying(main, "system property ceip.product.version: ceip.product.version calls Camel's"
                + " placeholder function bean: ({{bean:…}})" + ONLY);
        assertThat(probe.calls).hasValue(0);
    }

    /** What {@code {{sys:probe.text}}} reads is resolved by Camel in turn: a function there is a key, not a call. */
    @Test
    void aFunctionPutTogetherByAnotherPlaceholderIsNeverCalled() throws Exception {
        System.setProperty("probe.text", "{{bean:probe.name}}");
        Path config = Files.writeString(dir.resolve("application.properties"),
                "ceip.product.name=Demo {{sys:probe.text}}\n");
        Main main = agent(dir.resolve("data"), config, Map.of("ceip.database.url",
                "jdbc:h2:mem:functions-" + UUID.randomUUID()));
        main.bind("probe", probe);
        try {
            main.start();
            assertThat(main.getCamelContext().getPropertiesComponent().resolveProperty("ceip.product.name"))
                    .as("{{bean:probe.name}}: the key bean, unset, with its default").contains("Demo probe.name");
        } finally {
            main.stop();
        }
        assertThat(probe.calls).as("the bean's method called").hasValue(0);
    }

    /** A bean in the registry: counts the calls of its method. */
    public static final class Probe {
        final AtomicInteger calls = new AtomicInteger();

        public String name() {
            calls.incrementAndGet();
            return "Probed";
        }
    }
}
