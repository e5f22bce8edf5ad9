package io.ceip.agent;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route file is canonical YAML DSL: valid against Camel's own JSON Schema of it ({@code schema/camelYamlDsl.json}
 * in camel-yaml-dsl), one route or route configuration per file, named after its id.
 */
class RoutesMatchCamelYamlDslSchemaTest {

    private static final JsonSchema CAMEL_YAML_DSL = load();

    private static JsonSchema load() {
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class.getClassLoader()
                .getResourceAsStream("schema/camelYamlDsl.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read Camel's YAML DSL schema", e);
        }
    }

    static Stream<Path> routeFiles() throws Exception {
        return Files.list(Path.of("routes")).filter(f -> f.toString().endsWith(".camel.yaml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void eachRouteFileIsValidAgainstCamelsSchema(Path file) throws Exception {
        java.util.Collection<ValidationMessage> errors = CAMEL_YAML_DSL.validate(Files.readString(file), InputFormat.YAML);
        // the leaves only (a wrong type, an unknown option), not the oneOf/anyOf alternatives they fail
        assertThat(leaves(errors)).as(file.toString()).isEmpty();
    }

    /** What a reader needs of the errors: where, and the type or option that is wrong. */
    static List<String> leaves(java.util.Collection<ValidationMessage> errors) {
        return errors.stream().filter(e -> !placeholder(e)).map(ValidationMessage::toString)
                .filter(e -> !e.contains("required property") && !e.contains("must be valid to one")
                        && !e.contains("must not be valid") && !e.contains("object expected"))
                .distinct().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void eachFileHoldsOneRouteNamedAfterIt(Path file) throws Exception {
        String text = Files.readString(file);
        String id = file.getFileName().toString().replace(".camel.yaml", "");
        assertThat(text.lines().filter(l -> l.startsWith("- ")).toList()).as(file.toString()).hasSize(1);
        assertThat(text).as(file.toString()).containsPattern("(?m)^    id: " + id + "$");
    }

    /** A property placeholder stands where Camel resolves it, whatever type the schema gives that option. */
    private static boolean placeholder(ValidationMessage error) {
        return error.getInstanceNode() != null && error.getInstanceNode().isTextual()
                && error.getInstanceNode().asText().matches("\\{\\{[^{}]+}}")
                && error.toString().matches(".*: string found, (number|integer|boolean) expected");
    }

    /** The check can fail: a constant of the wrong type and an unknown option are found. */
    @Test
    void aRouteWithTheWrongTypesIsFound() {
        String bad = "- route:\n    id: bad\n    from:\n      uri: direct:x\n      steps:\n"
                + "        - setHeader:\n            name: a\n            constant: 202\n"
                + "        - log:\n            message: hi\n            colour: red\n";
        assertThat(leaves(CAMEL_YAML_DSL.validate(bad, InputFormat.YAML))).anySatisfy(e -> assertThat(e)
                .contains("setHeader.constant: integer found, string expected")).anySatisfy(e -> assertThat(e)
                .contains("colour"));
    }
}
