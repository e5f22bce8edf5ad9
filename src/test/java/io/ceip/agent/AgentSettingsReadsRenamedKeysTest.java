package io.ceip.agent;

import io.ceip.agent.config.SettingCatalog;
import io.ceip.agent.support.CamelProperties;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A renamed key is still read under its old name, with one warning naming file:line, old and new key; both set is
 * refused in one line; a deprecated no-op setting that is set warns once and its value is ignored. The table entries
 * are the test's own ({@code | renamed-from}, {@code | deprecated no-op}): no shipped key was ever renamed.
 */
class AgentSettingsReadsRenamedKeysTest {

    private static final String DEFAULTS = """
            #: integer(1..100) | how many | renamed-from ceip.test.old-count
            ceip.test.count=7
            #: boolean | a switch no longer used | deprecated no-op
            ceip.test.trim=true
            #: text | a plain setting
            ceip.test.name=x
            """;
    private static final SettingCatalog CATALOG = SettingCatalog.parse(DEFAULTS);

    @TempDir
    Path dir;

    @Test
    void anOldKeyIsReadUnderItsNewNameWithOneWarningNamingTheFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "ceip.test.name=y\nceip.test.old-count=42\n");
        try (LogCapture log = LogCapture.attach()) {
            AgentSettings.Checked checked = AgentSettings.check(properties(file), CATALOG);

            assertThat(checked.settings().number("ceip.test.count")).isEqualTo(42);
            assertThat(checked.configFile()).contains(file);
            assertThat(log.all()).containsOnlyOnce(file + ":2: ceip.test.old-count is deprecated, renamed"
                    + " ceip.test.count; its value is read as ceip.test.count (rename it)");
        }
    }

    @Test
    void anOldKeyOutOfRangeIsRefusedNamingItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "ceip.test.old-count=1000\n");

        assertThatThrownBy(() -> AgentSettings.check(properties(file), CATALOG))
                .hasMessage(file + ":1: ceip.test.count '1000' is out of range 1..100");
    }

    @Test
    void bothTheOldAndTheNewKeySetIsRefusedInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"),
                "ceip.test.count=5\nceip.test.old-count=6\n");

        assertThatThrownBy(() -> AgentSettings.check(properties(file), CATALOG))
                .hasMessage(file + ":2: ceip.test.old-count (renamed ceip.test.count) and ceip.test.count ("
                        + file + ":1) are both set; keep ceip.test.count only");
    }

    @Test
    void aDeprecatedNoOpSettingWarnsOnceAndItsValueIsIgnored() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "ceip.test.trim=not-a-boolean\n");
        try (LogCapture log = LogCapture.attach()) {
            AgentSettings.Checked checked = AgentSettings.check(properties(file), CATALOG);
            AgentSettings.check(properties(file), CATALOG); // checked again (a one-shot command): no second warning

            assertThat(checked.settings().bool("ceip.test.trim")).isTrue();
            assertThat(log.all()).containsOnlyOnce(file + ":1: ceip.test.trim is deprecated and has no effect any"
                    + " more; its value is ignored (remove it)");
        }
    }

    @Test
    void aNewKeySetAloneIsReadWithoutAWarning() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "ceip.test.count=9\n");
        try (LogCapture log = LogCapture.attach()) {
            assertThat(AgentSettings.check(properties(file), CATALOG).settings().number("ceip.test.count"))
                    .isEqualTo(9);
            assertThat(log.all()).doesNotContain("deprecated");
        }
    }

    @Test
    void theCatalogRefusesAnOldKeyGivenTwice() {
        assertThatThrownBy(() -> SettingCatalog.parse("""
                #: text | a | renamed-from ceip.test.old
                ceip.test.a=x
                #: text | b | renamed-from ceip.test.old
                ceip.test.b=x
                """)).hasMessageContaining("renamed-from ceip.test.old is given twice");
    }

    /** Camel's properties component with {@code file} over the test's defaults, as the agent sets it up. */
    private PropertiesComponent properties(Path file) throws Exception {
        return CamelProperties.over(file, Files.writeString(dir.resolve("defaults.properties"), DEFAULTS));
    }
}
