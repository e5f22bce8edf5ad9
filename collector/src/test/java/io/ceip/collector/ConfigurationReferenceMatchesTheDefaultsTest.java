package io.ceip.collector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector's configuration reference ({@code docs/configuration.md}) is generated from the one definition of
 * each setting, its {@code #: type | meaning} line in {@code collector-defaults.properties}: a key added, removed or
 * changed there without the reference fails this test. To regenerate: {@code mvn -o test
 * -Dtest=ConfigurationReferenceMatchesTheDefaultsTest -Dcollector.docs.write=true}.
 */
class ConfigurationReferenceMatchesTheDefaultsTest {

    private static final Path REFERENCE = Path.of("docs/configuration.md");
    private static final String BEGIN = "<!-- generated from collector-defaults.properties: begin -->";
    private static final String END = "<!-- generated from collector-defaults.properties: end -->";

    @Test
    void theReferenceListsEveryDocumentedSettingAsDefined() throws Exception {
        String defaults = Files.readString(Path.of("src/main/resources/collector-defaults.properties"),
                StandardCharsets.ISO_8859_1);
        String document = Files.readString(REFERENCE, StandardCharsets.UTF_8);
        String generated = BEGIN + "\n" + table(defaults) + END;
        String current = document.substring(document.indexOf(BEGIN), document.indexOf(END) + END.length());
        if (Boolean.getBoolean("collector.docs.write")) {
            Files.writeString(REFERENCE, document.replace(current, generated), StandardCharsets.UTF_8);
            current = generated;
        }
        assertThat(current).as("docs/configuration.md is out of date; regenerate it with -Dcollector.docs.write=true")
                .isEqualTo(generated);
        assertThat(Files.readString(Path.of("README.md"))).contains("](docs/configuration.md)");
    }

    /** One row per documented setting, in the file's order: key, type, default, meaning. */
    static String table(String defaults) throws Exception {
        Properties values = new Properties();
        values.load(new java.io.StringReader(defaults));
        List<String> rows = new ArrayList<>();
        String definition = null;
        for (String line : defaults.split("\n")) {
            if (line.startsWith("#: ")) {
                definition = line.substring(3);
            } else if (definition != null && line.contains("=")) {
                String key = line.substring(0, line.indexOf('=')).trim();
                String value = values.getProperty(key);
                int bar = definition.indexOf(" | ");
                rows.add("| `" + key + "` | " + definition.substring(0, bar).trim().replace("|", "\\|") + " | "
                        + (value.isEmpty() ? "empty" : "`" + value.replace("|", "\\|") + "`") + " | "
                        + definition.substring(bar + 3).trim().replace("|", "\\|") + " |\n");
                definition = null;
            }
        }
        return "| key | type | default | meaning |\n|---|---|---|---|\n" + String.join("", rows);
    }
}
