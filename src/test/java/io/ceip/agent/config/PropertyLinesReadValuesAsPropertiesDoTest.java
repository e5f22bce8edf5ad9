package io.ceip.agent.config;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check reads each key and value of the configuration file exactly as {@link Properties} (and so Camel) does.
 * A vertical tab before a value was stripped by the check (a regular expression's white space) and kept by
 * {@code Properties}; a value's escapes were read as written by the check and unescaped by {@code Properties}, so
 * {@code ceip.cluster.node-id=\}{@code u007b{ceip.database.password}}} was no placeholder to the check, while Camel
 * resolved it to the database's password, a node's name that is logged.
 */
class PropertyLinesReadValuesAsPropertiesDoTest {

    private static final SettingCatalog CATALOG = SettingCatalog.embedded();

    @TempDir
    Path dir;

    /** Characters that are white space to someone: {@code Properties} skips only space, tab and form feed. */
    static Stream<String> hostile() {
        return Stream.of("\u000B", "\f", "\u00A0", "\u2028", "\t", " ", "\u2003", "\u200B");
    }

    @ParameterizedTest(name = "U+{0}")
    @MethodSource("hostile")
    void aValueIsReadAsPropertiesReadsIt(String c) throws Exception {
        String text = String.join("\n", "a=" + c + "v", "b" + c + "v", "c" + c + "=" + c + "v", c + "d=v",
                "e=v" + c, "f" + c + ":" + c + ":v", "g=" + c + c + "v", "h=\\" + c + "v", "i:\\\n " + c + "v", "");

        assertThat(read(text)).isEqualTo(properties(text));
    }

    @Test
    void escapesInAValueAreReadAsPropertiesReadsThem() throws Exception {
        String text = String.join("\n", "a=\\u007b{ceip.database.password}}", "b={\\{env:X}}", "c=\\ \\ v",
                "d=x\\ty\\\\z\\:", "e=\\u00dcberwachung", "f=a\\", "  b", "");

        assertThat(read(text)).isEqualTo(properties(text));
        assertThat(read(text)).containsEntry("a", "{{ceip.database.password}}");
    }

    /**
     * A line continued at the very end of the text (no line after it, no line end) loses its backslash in
     * {@code Properties}: the check read {@code a=v\} where Camel read {@code a=v}, and the key {@code b\} where
     * Camel read {@code b}.
     */
    @Test
    void aBackslashEndingTheTextIsDroppedAsPropertiesDropsIt() throws Exception {
        for (String text : List.of("a=v\\", "b\\", "c=v\\\\\\", "d=v\\\r", "e=v\\\n", "f=v\\\n  ")) {
            assertThat(read(text)).as(text).isEqualTo(properties(text));
        }
    }

    /**
     * A line that is a lone backslash continues into nothing: {@code Properties} reads the next line as a line anew,
     * a comment there included; the check read {@code #ceip.consent.default} as a key (and an empty key).
     */
    @Test
    void aLoneBackslashLeavesTheNextLineALineOfItsOwn() throws Exception {
        for (String text : List.of("\\\n#ceip.consent.default=full\n", "\\\n!x{{bean:y}}\n", "  \\\n\n",
                "\\", "\\\n  a=b\n", "a=\\\n\\\n#b\n")) {
            assertThat(read(text)).as(text).isEqualTo(properties(text));
        }
    }

    /** The unescaped value is the one checked: a secret named through an escaped brace is refused as any other. */
    @Test
    void aSecretNamedThroughAnEscapedBraceIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"),
                "ceip.cluster.node-id=\\u007b{ceip.database.password}}\n");

        List<String> problems = new ConfigurationCheck(CATALOG).check(Optional.of(ConfigurationText.read(file)),
                Map.of(), Map.of(), Map.of(), key -> CATALOG.find(key).map(SettingDefinition::defaultValue)
                        .map(value -> key.equals("ceip.cluster.node-id") ? "hunter2" : value)).problems();

        assertThat(problems).anySatisfy(problem -> assertThat(problem).startsWith(file
                + ":1: ceip.cluster.node-id names ceip.database.password, a secret, in a placeholder"));
    }

    private static Map<String, String> read(String text) {
        Map<String, String> read = new java.util.TreeMap<>();
        PropertyLines.parse(text).forEach(entry -> read.put(entry.key(), entry.value()));
        return read;
    }

    private static Map<String, String> properties(String text) throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        Map<String, String> read = new java.util.TreeMap<>();
        properties.stringPropertyNames().forEach(key -> read.put(key, properties.getProperty(key)));
        return read;
    }
}
