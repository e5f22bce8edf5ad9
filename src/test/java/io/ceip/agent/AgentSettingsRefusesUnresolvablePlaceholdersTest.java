package io.ceip.agent;

import io.ceip.agent.config.SettingCatalog;
import io.ceip.agent.support.CamelProperties;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A value whose placeholder Camel cannot resolve — a loop between two settings, a reference to a key nothing sets —
 * is refused in one line naming the file and line, the setting and Camel's reason in words that name keys only, for
 * a secret too (it said "must not be empty", and an optional setting took the empty value without a word); a setting
 * nothing sets is still empty, and a placeholder that resolves is still read.
 */
class AgentSettingsRefusesUnresolvablePlaceholdersTest {

    private static final String DEFAULTS = """
            #: text | the product's name
            ceip.test.name=x
            #: text? | its edition
            ceip.test.edition=
            #: secret? | a password
            ceip.test.password=
            #: text? | a setting nothing sets
            """;
    private static final SettingCatalog CATALOG = SettingCatalog.parse(DEFAULTS + "ceip.test.unset=\n");

    @TempDir
    Path dir;

    @Test
    void aLoopBetweenTwoSettingsIsRefusedNamingTheLineAndTheLoop() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"),
                "ceip.test.name={{ceip.test.edition}}\nceip.test.edition=x{{ceip.test.name}}\n");

        assertThatThrownBy(() -> AgentSettings.check(properties(file), CATALOG))
                .hasMessageStartingWith(file + ":1: ceip.test.name cannot be resolved (a placeholder loop through"
                        + " ceip.test.name)")
                .hasMessageNotContaining("must not be empty")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anOptionalSettingReferringToAKeyNothingSetsIsRefusedNotTakenAsEmpty() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "ceip.test.edition={{ceip.test.nope}}\n");

        assertThatThrownBy(() -> AgentSettings.check(properties(file), CATALOG))
                .hasMessage(file + ":1: ceip.test.edition cannot be resolved (its placeholder names ceip.test.nope,"
                        + " which nothing sets)");
    }

    @Test
    void aSecretWhosePlaceholderLoopsIsNamedWithoutItsText() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"),
                "ceip.test.password=hunter2-{{ceip.test.password}}\n");

        assertThatThrownBy(() -> AgentSettings.check(properties(file), CATALOG))
                .hasMessage(file + ":1: ceip.test.password cannot be resolved (a placeholder loop through"
                        + " ceip.test.password)");
    }

    @Test
    void aSettingNothingSetsIsEmptyAndAResolvedPlaceholderIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "ceip.test.edition={{ceip.test.name}}\n");

        AgentSettings.Checked checked = AgentSettings.check(properties(file), CATALOG);

        assertThat(checked.settings().string("ceip.test.edition")).isEqualTo("x");
        assertThat(checked.settings().optional("ceip.test.unset")).as("in the catalog, in no file").isEmpty();
    }

    /** Camel's properties component with {@code file} over the test's defaults, as the agent sets it up. */
    private PropertiesComponent properties(Path file) throws Exception {
        return CamelProperties.over(file, Files.writeString(dir.resolve("defaults.properties"), DEFAULTS));
    }
}
