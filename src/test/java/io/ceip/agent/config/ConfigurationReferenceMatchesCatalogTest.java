package io.ceip.agent.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration reference ({@code docs/configuration.md}) is generated from the setting definitions: a key
 * added, removed or changed in {@code ceip-defaults.properties} without the reference fails this test. To
 * regenerate: {@code mvn -o test -Dtest=ConfigurationReferenceMatchesCatalogTest -Dceip.docs.write=true}.
 */
class ConfigurationReferenceMatchesCatalogTest {

    private static final Path REFERENCE = Path.of("docs/configuration.md");
    private static final String BEGIN = "<!-- generated from ceip-defaults.properties: begin -->";
    private static final String END = "<!-- generated from ceip-defaults.properties: end -->";

    @Test
    void theReferenceListsEverySettingAsDefined() throws Exception {
        String document = Files.readString(REFERENCE, StandardCharsets.UTF_8);
        // the source file, not the built one: the build fills in the agent's version
        String generated = BEGIN + "\n" + table(SettingCatalog.parse(Files.readString(
                Path.of("src/main/resources/ceip-defaults.properties"), StandardCharsets.UTF_8))) + END;
        String current = document.substring(document.indexOf(BEGIN), document.indexOf(END) + END.length());
        if (Boolean.getBoolean("ceip.docs.write")) {
            Files.writeString(REFERENCE, document.replace(current, generated), StandardCharsets.UTF_8);
            current = generated;
        }
        assertThat(current).as("docs/configuration.md is out of date; regenerate it with -Dceip.docs.write=true")
                .isEqualTo(generated);
    }

    @Test
    void theReadmeLinksTheReference() throws Exception {
        assertThat(Files.readString(Path.of("README.md"))).contains("](docs/configuration.md)");
    }

    /** One row per setting: key, type and range, default, environment variable, meaning. */
    static String table(SettingCatalog catalog) {
        return "| key | type (range) | default | environment variable | meaning |\n|---|---|---|---|---|\n"
                + catalog.all().stream().map(d -> "| `" + d.key() + "` | " + type(d.type()) + " | "
                        + (d.defaultValue().isEmpty() ? "empty" : "`" + d.defaultValue().replace("|", "\\|") + "`")
                        + " | `" + d.environmentVariable() + "` | " + d.meaning().replace("|", "\\|")
                        + d.oldKey().map(old -> " (renamed from `" + old + "`, still read)").orElse("")
                        + (d.deprecatedNoOp() ? " (deprecated: no effect, ignored with a warning)" : "") + " |\n")
                        .collect(Collectors.joining());
    }

    private static String type(SettingType type) {
        String name = type.kind().name().toLowerCase(java.util.Locale.ROOT);
        String range = type.choices().isEmpty() ? type.min() == null ? "" : " " + type.min() + " .. " + type.max()
                : " " + String.join(" / ", type.choices());
        return name + range + (type.optional() ? ", may be empty" : "");
    }
}
