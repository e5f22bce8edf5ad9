package io.ceip.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.util.OnFirstUse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The published JSON Schema of the report ({@code report-schema.json}, JSON Schema 2020-12), in two roles:
 * <ul>
 * <li>the allowlist: {@link #filter} removes every field its {@code properties} (or an {@code additionalProperties}
 * schema) do not declare, counting them, and every field above the consent level ({@code x-consent-level}, a field
 * without one has its parent's). It checks nothing else;</li>
 * <li>validation: {@link #violations} checks a report against every keyword of the schema, with networknt's
 * json-schema-validator.</li>
 * </ul>
 * Both are made when first needed ({@link #onFirstUse}): a start with consent off loads neither.
 */
public final class ReportSchema {

    private static final String RESOURCE = "/report-schema.json";

    private final Supplier<JsonNode> schema;

    private ReportSchema(Supplier<JsonNode> schema) {
        this.schema = schema;
    }

    /** The schema shipped in the jar. */
    public static ReportSchema load(ObjectMapper mapper) {
        JsonNode schema = read(mapper);
        return new ReportSchema(() -> schema);
    }

    /**
     * The schema shipped in the jar, read when it is first needed with the mapper {@code mapper} supplies then: a
     * start does not load Jackson's parsing machinery, nor the validator, for it.
     */
    public static ReportSchema onFirstUse(Supplier<ObjectMapper> mapper) {
        return new ReportSchema(new OnFirstUse<>(() -> read(mapper.get())));
    }

    private static JsonNode read(ObjectMapper mapper) {
        try {
            return mapper.readTree(text());
        } catch (IOException e) {
            throw new UncheckedIOException("the report schema cannot be read", e);
        }
    }

    private static String text() {
        try (InputStream in = ReportSchema.class.getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the report schema cannot be read", e);
        }
    }

    /** The data-set version a {@code full} consent covers. */
    public int dataSetVersion() {
        return schema.get().path("x-consent-data-set-version").asInt();
    }

    /**
     * Removes, in place, every field the schema does not declare and every field above {@code consent}. Returns how
     * many fields were removed for not being declared. Types and values are {@link #violations}' to check.
     */
    public int filter(ObjectNode report, ConsentLevel consent) {
        return filter(report, schema.get(), ConsentLevel.BASIC, consent);
    }

    /**
     * What in {@code report} is not valid against the schema, every keyword checked: one line per problem, naming
     * where ({@code /usage/hosts}) and the keyword that fails, never the value. Empty when valid.
     */
    public List<String> violations(JsonNode report) {
        return violations(report.toString());
    }

    /** What in the report {@code json} (UTF-8) is not valid against the schema; see {@link #violations(JsonNode)}. */
    public List<String> violations(byte[] json) {
        return violations(new String(json, StandardCharsets.UTF_8));
    }

    private static List<String> violations(String json) {
        return Validation.SCHEMA.validate(json, InputFormat.JSON).stream()
                .map(error -> pointer(error.getInstanceLocation().toString()) + (error.getProperty() == null ? ""
                        : "/" + error.getProperty()) + ": " + error.getType())
                .sorted().toList();
    }

    /** networknt's {@code $.usage.hosts} / {@code $.failures[0]} as a JSON pointer ({@code /usage/hosts}). */
    private static String pointer(String path) {
        String pointer = path.replaceFirst("^\\$", "").replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
        return pointer.isEmpty() ? "" : pointer;
    }

    /**
     * networknt's validator of the schema, in the schema's dialect (its {@code $schema}, 2020-12) told the schema's
     * own keywords, which it ignores. A class of its own: loaded, and the validator made, by the first validation.
     */
    private static final class Validation {

        static final JsonSchema SCHEMA = make();

        private static JsonSchema make() {
            JsonMetaSchema.Builder dialect = JsonMetaSchema.builder(JsonMetaSchema.getV202012());
            for (String keyword : List.of("x-schema-version", "x-consent-data-set-version", "x-consent-level")) {
                dialect.keyword(new NonValidationKeyword(keyword));
            }
            JsonMetaSchema metaSchema = dialect.build();
            return JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012,
                    factory -> factory.metaSchema(metaSchema).defaultMetaSchemaIri(metaSchema.getIri()))
                    .getSchema(text(), InputFormat.JSON);
        }
    }

    private static int filter(JsonNode value, JsonNode valueSchema, ConsentLevel parentLevel, ConsentLevel consent) {
        int dropped = 0;
        if (value instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode fieldSchema = declared(valueSchema, name);
                ConsentLevel level = fieldSchema == null ? null : level(fieldSchema, parentLevel);
                if (fieldSchema == null) {
                    dropped++;
                    object.remove(name);
                } else if (!consent.covers(level)) {
                    object.remove(name);
                } else {
                    dropped += filter(object.get(name), fieldSchema, level, consent);
                }
            }
        } else if (value instanceof ArrayNode array) {
            for (JsonNode item : array) {
                dropped += filter(item, valueSchema.path("items"), parentLevel, consent);
            }
        }
        return dropped;
    }

    private static JsonNode declared(JsonNode objectSchema, String name) {
        JsonNode declared = objectSchema.path("properties").get(name);
        if (declared != null) {
            return declared;
        }
        JsonNode additional = objectSchema.get("additionalProperties");
        return additional != null && additional.isObject() ? additional : null;
    }

    private static ConsentLevel level(JsonNode fieldSchema, ConsentLevel parentLevel) {
        JsonNode level = fieldSchema.get("x-consent-level");
        return level == null ? parentLevel : ConsentLevel.parse(level.asText());
    }
}
