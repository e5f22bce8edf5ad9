package io.ceip.collector.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import io.ceip.collector.answer.Refusal;
import io.ceip.collector.answer.RefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a report against the published JSON Schema of its {@code schemaVersion}
 * ({@code classpath:schemas/report-v<N>.schema.json}, loaded once per version): not JSON, no integer
 * {@code schemaVersion}, a version without a schema (the answer names it), IDs that are not UUIDs, anything the
 * schema refuses, a number with a fraction or an exponent, a body not in UTF-8 or with a byte order mark
 * ({@link StrictUtf8}), a {@code generatedAt} outside
 * the years 0001 to 9999 ({@link GeneratedAt}): {@link RefusedException} with a fixed text. Reports nest shallowly:
 * a document nested deeper than {@value #MAX_DEPTH} is refused before it is built. A document of more than
 * {@value #MAX_TOKENS} JSON tokens (each name, value, and start or end of an object or array) is refused (413) while
 * it is read, so the tree built of it is bounded too (8 MiB of {@code [{},{},...]} would make 2.7 million nodes,
 * hundreds of MB of heap).
 */
public final class ReportValidator {

    static final int MAX_DEPTH = 32;

    /**
     * The most JSON tokens a report may hold: a full-consent report at the agent's default bounds
     * ({@code ceip.events.max-names} 1000 features and as many operations, {@code ceip.events.max-fingerprints} 500
     * errors, {@code ceip.inventory.max-components} 500) is about 40,000; this leaves five times that.
     */
    static final long MAX_TOKENS = 200_000;

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ObjectMapper mapper;
    private final Map<Long, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final JsonSchemaFactory factory = factory();

    public ReportValidator() {
        mapper = mapper();
    }

    /**
     * A mapper that reads reports within their bounds: nesting {@value #MAX_DEPTH}, {@value #MAX_TOKENS} tokens
     * (counted while streaming, before the tree grows past them), duplicate keys refused, nothing but blanks after the
     * document (the stores keep the whole body as the report: H2 and {@code jsonb} refuse a second value, and the
     * Kafka form had answered 202 before its store dropped it).
     */
    public static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                .maxTokenCount(MAX_TOKENS).build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return mapper;
    }

    /** The report in {@code json}, checked. */
    public Report validate(byte[] json) throws RefusedException {
        if (!StrictUtf8.isJsonText(json)) {
            throw new RefusedException(Refusal.NOT_UTF8);
        }
        JsonNode node = tree(json);
        if (node == null || !node.isObject()) {
            throw new RefusedException(Refusal.NOT_JSON);
        }
        JsonNode version = node.get("schemaVersion");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToLong()) {
            throw new RefusedException(Refusal.NO_SCHEMA_VERSION);
        }
        JsonSchema schema = schema(version.asLong());
        if (!uuid(node.get("reportId"))) {
            throw new RefusedException(Refusal.NO_REPORT_ID);
        }
        if (!uuid(node.get("installationId"))) {
            throw new RefusedException(Refusal.NO_INSTALLATION_ID);
        }
        if (!schema.validate(node).isEmpty()) {
            throw new RefusedException(Refusal.NOT_A_REPORT);
        }
        if (!wholeNumbers(node)) {
            throw new RefusedException(Refusal.NOT_WHOLE_NUMBER);
        }
        if (!storable(node)) {
            throw new RefusedException(Refusal.NOT_STORABLE);
        }
        Instant generatedAt = GeneratedAt.parse(node.path("generatedAt").textValue());
        if (generatedAt != null && !GeneratedAt.storable(generatedAt)) {
            throw new RefusedException(Refusal.GENERATED_AT_OUT_OF_RANGE);
        }
        return Report.of(node, json);
    }

    /** The tree of {@code json}; past {@value #MAX_TOKENS} tokens {@link Refusal#TOO_MANY_TOKENS}, not built whole. */
    private JsonNode tree(byte[] json) throws RefusedException {
        try (JsonParser parser = mapper.createParser(json)) {
            try {
                return mapper.readTree(parser);
            } catch (StreamConstraintsException e) {
                throw new RefusedException(parser.currentTokenCount() >= MAX_TOKENS ? Refusal.TOO_MANY_TOKENS
                        : Refusal.NOT_JSON);
            }
        } catch (IOException e) {
            throw new RefusedException(Refusal.NOT_JSON);
        }
    }

    /**
     * Whether every name and text of {@code node} is text the databases keep: JSON lets a string carry {@code \u0000}
     * and lone surrogates ({@code \udfff}), which PostgreSQL's {@code jsonb} and H2's {@code JSON} refuse; refused
     * here, the intake never answers 202 for a report the store would then drop.
     */
    static boolean storable(JsonNode node) {
        if (node.isTextual()) {
            return storable(node.textValue());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!storable(field.getKey()) || !storable(field.getValue())) {
                return false;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!storable(element)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether every number of {@code node} is written in digits only, as the agent writes them: the schema's numbers
     * are all integers, which JSON Schema lets be written {@code 1.0} or {@code 1e-20000} (read as a double, 0.0, a
     * whole number), and PostgreSQL's {@code jsonb} refuses a number of more than 16,383 digits after the point (SQL
     * state 22003): the Kafka form answered 202 and its store dropped the report.
     */
    static boolean wholeNumbers(JsonNode node) {
        if (node.isFloatingPointNumber()) {
            return false;
        }
        for (JsonNode child : node) {
            if (!wholeNumbers(child)) {
                return false;
            }
        }
        return true;
    }

    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private JsonSchema schema(long version) throws RefusedException {
        JsonSchema known = schemas.get(version);
        if (known != null) {
            return known;
        }
        if (version < 1 || version > 999) {
            throw RefusedException.unknownVersion(version);
        }
        try (InputStream in = ReportValidator.class.getResourceAsStream("/schemas/report-v" + version
                + ".schema.json")) {
            if (in == null) {
                throw RefusedException.unknownVersion(version);
            }
            JsonSchema schema = factory.getSchema(in);
            schemas.put(version, schema);
            return schema;
        } catch (IOException e) {
            throw new IllegalStateException("schemas/report-v" + version + ".schema.json could not be read", e);
        }
    }

    /** 2020-12, told the schema's own annotation keywords (x-*), which it ignores. */
    private static JsonSchemaFactory factory() {
        JsonMetaSchema.Builder dialect = JsonMetaSchema.builder(JsonMetaSchema.getV202012());
        for (String keyword : List.of("x-schema-version", "x-consent-data-set-version", "x-consent-level")) {
            dialect.keyword(new NonValidationKeyword(keyword));
        }
        JsonMetaSchema metaSchema = dialect.build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(metaSchema).defaultMetaSchemaIri(metaSchema.getIri()));
    }

    private static boolean uuid(JsonNode value) {
        return value != null && value.isTextual() && UUID.matcher(value.asText()).matches();
    }
}
