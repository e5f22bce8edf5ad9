package io.ceip.agent.config;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A line that looks like a setting but whose key is not one Camel reads for it was passed over without a word: the
 * check looked at {@code ceip.*} keys only, so {@code Ceip.consent.default=off}, a Cyrillic {@code с} in
 * {@code сeip.consent.default=off} (pasted from a document), a zero-width or no-break space before the key, or an
 * em space (which the check stripped as white space where {@link Properties} does not) left consent at its default
 * {@code basic}: reports went out that the administrator had switched off. Each such line is now one problem naming
 * the file, the line, the character and the setting meant. The file's keys are read as {@link Properties} reads them
 * (the resolved values here too).
 */
class ConfigurationCheckRefusesLookAlikeKeysTest {

    private static final SettingCatalog CATALOG = SettingCatalog.embedded();

    @TempDir
    Path dir;

    static Stream<Arguments> lookAlikes() {
        String meant = ", which no key has (keys are ASCII: did you mean ceip.consent.default?)";
        return Stream.of(
                Arguments.of("upper case", "Ceip.consent.default=off",
                        ":2: Ceip.consent.default is no setting: keys are lower case (did you mean"
                                + " ceip.consent.default?)"),
                Arguments.of("all upper case", "CEIP.CONSENT.DEFAULT=off",
                        ":2: CEIP.CONSENT.DEFAULT is no setting: keys are lower case (did you mean"
                                + " ceip.consent.default?)"),
                Arguments.of("Cyrillic es", "\u0441eip.consent.default=off",
                        ":2: the key \\u0441eip.consent.default holds U+0441 at 1" + meant),
                Arguments.of("zero-width space", "\u200bceip.consent.default=off",
                        ":2: the key \\u200bceip.consent.default holds U+200B at 1" + meant),
                Arguments.of("no-break space", "\u00a0ceip.consent.default=off",
                        ":2: the key \\u00a0ceip.consent.default holds U+00A0 at 1" + meant),
                Arguments.of("em space before", "\u2003ceip.consent.default=off",
                        ":2: the key \\u2003ceip.consent.default holds U+2003 at 1" + meant),
                Arguments.of("em space as separator", "ceip.consent.default\u2003off",
                        ":2: the key ceip.consent.default\\u2003off holds U+2003 at 21" + meant),
                Arguments.of("fullwidth letter", "\uff43eip.consent.default=off",
                        ":2: the key \\uff43eip.consent.default holds U+FF43 at 1" + meant),
                Arguments.of("look-alike in a Camel key", "camel.main.n\u0430me=x",
                        ":2: the key camel.main.n\\u0430me holds U+0430 at 13, which no key has (keys are ASCII)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookAlikes")
    void aKeyThatLooksLikeASettingButIsNotIsNamed(String name, String line, String expected) throws Exception {
        Path file = dir.resolve("application.properties");

        List<String> problems = problems(file, "# consent switched off\n" + line + "\n");

        assertThat(problems).containsExactly(file + expected);
    }

    /** What the administrator meant was not what Camel read: consent stayed at its default. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lookAlikes")
    void camelReadsNoneOfThemAsTheSetting(String name, String line, String expected) throws Exception {
        Properties read = new Properties();
        read.load(new StringReader(line + "\n"));

        assertThat(read.getProperty("ceip.consent.default")).isNull();
    }

    /** Keys as {@link Properties} reads them: white space is space, tab and form feed only. */
    @ParameterizedTest
    @ValueSource(strings = { "\tceip.consent.default=off", "ceip.consent.default off",
            "\fceip.consent.default\f=\foff", "camel.main.name=ceip-agent",
            "nom.soci\u00e9t\u00e9=Acme", "produit.r\u00e9gion=\u00cele-de-France" }) // a route's own keys (rev30 D6)
    void keysAsCamelReadsThemStillPass(String line) throws Exception {
        assertThat(problems(dir.resolve("application.properties"), line + "\n")).isEmpty();
    }

    private List<String> problems(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Properties values = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            values.load(reader);
        }
        Map<String, String> resolved = new HashMap<>();
        CATALOG.all().forEach(d -> resolved.put(d.key(), d.defaultValue()));
        values.stringPropertyNames().forEach(key -> resolved.put(key, values.getProperty(key)));
        return new ConfigurationCheck(CATALOG).check(Optional.of(ConfigurationText.read(file)), Map.of(), Map.of(), Map.of(),
                key -> Optional.ofNullable(resolved.get(key))).problems();
    }
}
