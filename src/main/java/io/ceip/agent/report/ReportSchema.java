package io.ceip.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.util.OnFirstUse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The published JSON Schema of the report ({@code report-schema.json}), used as the allowlist: {@link #filter}
 * keeps only the fields it declares, with the declared type, at or below the consent level, and counts what it
 * dropped for not being declared. Supports the subset of JSON Schema the file uses: {@code type} (one or a list),
 * {@code properties}, {@code additionalProperties} (false or a schema), {@code items}, {@code required}, and the
 * {@code x-consent-level} of each field.
 */
public final class ReportSchema {

    private final Supplier<JsonNode> schema;

    public ReportSchema(JsonNode schema) {
        this.schema = () -> schema;
    }

    private ReportSchema(Supplier<JsonNode> schema) {
        this.schema = schema;
    }

    /** The schema shipped in the jar. */
    public static ReportSchema load(ObjectMapper mapper) {
        return new ReportSchema(read(mapper));
    }

    /**
     * The schema shipped in the jar, read when it is first needed with the mapper {@code mapper} supplies then: a
     * start does not load Jackson's parsing machinery for it.
     */
    public static ReportSchema onFirstUse(Supplier<ObjectMapper> mapper) {
        return new ReportSchema(new OnFirstUse<>(() -> read(mapper.get())));
    }

    private static JsonNode read(ObjectMapper mapper) {
        try (InputStream in = ReportSchema.class.getResourceAsStream("/report-schema.json")) {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the report schema cannot be read", e);
        }
    }

    /** The data-set version a {@code full} consent covers. */
    public int dataSetVersion() {
        return schema.get().path("x-consent-data-set-version").asInt();
    }

    /**
     * Removes, in place, every field the schema does not declare (or declares with another type) and every field
     * above {@code consent}. Returns how many fields were removed for not being declared.
     */
    public int filter(ObjectNode report, ConsentLevel consent) {
        return filterObject(report, schema.get(), ConsentLevel.BASIC, consent);
    }

    /** What in {@code report} does not conform: undeclared fields, wrong types, missing required fields. */
    public List<String> violations(JsonNode report) {
        List<String> violations = new ArrayList<>();
        check(report, schema.get(), "", violations);
        return violations;
    }

    private int filterObject(ObjectNode node, JsonNode objectSchema, ConsentLevel parentLevel, ConsentLevel consent) {
        int dropped = 0;
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode fieldSchema = fieldSchema(objectSchema, name);
            if (fieldSchema == null) {
                node.remove(name);
                dropped++;
                continue;
            }
            ConsentLevel level = level(fieldSchema, parentLevel);
            if (!consent.covers(level)) {
                node.remove(name);
                continue;
            }
            JsonNode value = node.get(name);
            if (!typeMatches(fieldSchema, value)) {
                node.remove(name);
                dropped++;
                continue;
            }
            dropped += filterValue(value, fieldSchema, level, consent);
        }
        return dropped;
    }

    private int filterValue(JsonNode value, JsonNode valueSchema, ConsentLevel level, ConsentLevel consent) {
        if (value instanceof ObjectNode object) {
            return filterObject(object, valueSchema, level, consent);
        }
        if (value instanceof ArrayNode array) {
            JsonNode items = valueSchema.path("items");
            int dropped = 0;
            for (int i = array.size() - 1; i >= 0; i--) {
                if (!typeMatches(items, array.get(i))) {
                    array.remove(i);
                    dropped++;
                } else {
                    dropped += filterValue(array.get(i), items, level, consent);
                }
            }
            return dropped;
        }
        return 0;
    }

    private void check(JsonNode value, JsonNode valueSchema, String path, List<String> violations) {
        if (!typeMatches(valueSchema, value)) {
            violations.add(path + ": " + value.getNodeType() + " is not " + valueSchema.path("type"));
            return;
        }
        if (value.isObject()) {
            for (JsonNode required : valueSchema.path("required")) {
                if (!value.has(required.asText())) {
                    violations.add(path + "/" + required.asText() + ": required");
                }
            }
            value.fields().forEachRemaining(field -> {
                JsonNode fieldSchema = fieldSchema(valueSchema, field.getKey());
                if (fieldSchema == null) {
                    violations.add(path + "/" + field.getKey() + ": not declared");
                } else {
                    check(field.getValue(), fieldSchema, path + "/" + field.getKey(), violations);
                }
            });
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), valueSchema.path("items"), path + "/" + i, violations);
            }
        }
    }

    private static JsonNode fieldSchema(JsonNode objectSchema, String name) {
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

    private static boolean typeMatches(JsonNode fieldSchema, JsonNode value) {
        JsonNode type = fieldSchema.get("type");
        if (type == null) {
            return true;
        }
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (isType(one.asText(), value)) {
                    return true;
                }
            }
            return false;
        }
        return isType(type.asText(), value);
    }

    private static boolean isType(String type, JsonNode value) {
        JsonNodeType actual = value.getNodeType();
        return switch (type) {
            case "object" -> actual == JsonNodeType.OBJECT;
            case "array" -> actual == JsonNodeType.ARRAY;
            case "string" -> actual == JsonNodeType.STRING;
            case "integer" -> value.isIntegralNumber();
            case "number" -> actual == JsonNodeType.NUMBER;
            case "boolean" -> actual == JsonNodeType.BOOLEAN;
            case "null" -> actual == JsonNodeType.NULL;
            default -> false;
        };
    }
}
