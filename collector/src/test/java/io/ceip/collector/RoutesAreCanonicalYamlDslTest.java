package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code routes/} is canonical YAML DSL: valid against Camel's own schema of it
 * ({@code schema/camelYamlDsl.json} in camel-yaml-dsl), one route or route configuration per file, its id
 * kebab-case and the file named after it.
 */
class RoutesAreCanonicalYamlDslTest {

    private static final JsonSchema CAMEL_YAML_DSL = load();

    private static JsonSchema load() {
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class.getClassLoader()
                .getResourceAsStream("schema/camelYamlDsl.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        } catch (Exception e) {
            throw new IllegalStateException("Camel's YAML DSL schema could not be read", e);
        }
    }

    static Stream<Path> routeFiles() throws Exception {
        return Files.list(Path.of("routes")).filter(f -> f.toString().endsWith(".camel.yaml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void eachFileIsValidAgainstCamelsSchema(Path file) throws Exception {
        assertThat(errors(Files.readString(file))).as(file.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void eachFileHoldsOneKebabCaseIdNamedAfterIt(Path file) throws Exception {
        String text = Files.readString(file);
        String id = file.getFileName().toString().replace(".camel.yaml", "");
        assertThat(id).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
        assertThat(text.lines().filter(l -> l.startsWith("- ")).toList()).as(file.toString()).hasSize(1);
        assertThat(text).as(file.toString()).containsPattern("(?m)^    id: " + id + "$");
    }

    /**
     * No route consumes from {@code timer:}: its java.util.Timer waits by the wall clock, so a clock set back by days
     * stalled the store's daily upkeep (and the partitions it makes ahead) for days; {@code scheduler:} waits by the
     * monotonic clock.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void noFileConsumesFromATimer(Path file) throws Exception {
        assertThat(Files.readString(file)).as(file + ": use scheduler:, timed by the monotonic clock")
                .doesNotContainPattern("(?m)^\\s*(- )?(uri|from): *[\"']?timer:");
    }

    @Test
    void theCheckFindsAWrongTypeAndAnUnknownOption() {
        String bad = "- route:\n    id: bad\n    from:\n      uri: direct:x\n      steps:\n"
                + "        - setHeader:\n            name: a\n            constant: 202\n"
                + "        - log:\n            message: hi\n            colour: red\n";

        assertThat(errors(bad)).anySatisfy(e -> assertThat(e).contains("constant: integer found, string expected"))
                .anySatisfy(e -> assertThat(e).contains("colour"));
    }

    /** The leaf errors (a wrong type, an unknown option), not the oneOf alternatives they fail. */
    private static List<String> errors(String yaml) {
        Collection<ValidationMessage> errors = CAMEL_YAML_DSL.validate(yaml, InputFormat.YAML);
        return errors.stream().map(ValidationMessage::toString)
                .filter(e -> !e.contains("required property") && !e.contains("must be valid to one")
                        && !e.contains("must not be valid") && !e.contains("object expected"))
                .distinct().toList();
    }
}
