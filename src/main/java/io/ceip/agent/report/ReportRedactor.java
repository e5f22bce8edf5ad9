package io.ceip.agent.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.CountBins;
import io.ceip.agent.privacy.RedactionRules;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a collected {@link Report} into the JSON tree that may leave, fail-closed:
 * <ol>
 * <li>the {@link ReportSchema} allowlist keeps only declared fields at or below the consent level (what it drops
 * for not being declared is counted in {@code redaction.droppedFields});</li>
 * <li>the {@link RedactionRules} pseudonymise, remove secret keys and redact every string but the report's and the
 * installation's IDs;</li>
 * <li>with {@code ceip.redaction.bin-counts}, every count becomes a range ({@link CountBins}): {@code usage},
 * {@code components} ({@code other}, {@code dropped}, {@code overflow}), the feature, error and duration counts.</li>
 * </ol>
 */
public final class ReportRedactor {

    /**
     * The report's and the installation's IDs: random UUIDs the agent made (by construction not secrets), by which the
     * collector tells reports and installations apart and the dead-letter store names a report's files. No redaction
     * rule changes them (an administrator's detector for UUIDs, a secret key such as {@code id}).
     */
    private static final List<String> IDENTITY = List.of("reportId", "installationId");

    private final ReportSchema schema;
    private final RedactionRules rules;
    private final boolean binCounts;
    private final Supplier<ObjectMapper> mapper;

    public ReportRedactor(ReportSchema schema, RedactionRules rules, boolean binCounts, Supplier<ObjectMapper> mapper) {
        this.schema = schema;
        this.rules = rules;
        this.binCounts = binCounts;
        this.mapper = mapper;
    }

    /** The redacted report tree for a report collected under {@code consent}. */
    public ObjectNode redact(Report report, ConsentLevel consent) {
        return redact((ObjectNode) mapper.get().valueToTree(report), consent);
    }

    /** The redacted report as the JSON (UTF-8) that may leave, for a report collected under {@code consent}. */
    public byte[] redactToJson(Report report, ConsentLevel consent) {
        return json(redact(report, consent));
    }

    /** A report tree redacted again (a stored one, under a lower consent), as the JSON (UTF-8) that may leave. */
    public byte[] redactToJson(ObjectNode tree, ConsentLevel consent) {
        return json(redact(tree, consent));
    }

    private byte[] json(ObjectNode redacted) {
        try {
            return mapper.get().writeValueAsBytes(redacted);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("the redacted report could not be written as JSON", e);
        }
    }

    /** Redacts a report tree (for example a stored one, again, under a lower consent). */
    public ObjectNode redact(ObjectNode tree, ConsentLevel consent) {
        int dropped = schema.filter(tree, consent);
        Map<String, JsonNode> identity = new LinkedHashMap<>();
        IDENTITY.stream().filter(tree::has).forEach(field -> identity.put(field, tree.get(field)));
        rules.apply(tree);
        identity.forEach(tree::set);
        if (binCounts) {
            bin(tree.get("usage"));
            bin(tree.get("components"));
            JsonNode features = tree.get("features");
            if (features != null) {
                bin(features.get("counts"));
                features.path("counts").elements().forEachRemaining(this::bin);
                bin(features.get("events"));
            }
            tree.path("errors").elements().forEachRemaining(this::binCount);
            tree.path("durations").elements().forEachRemaining(this::binCount);
        }
        JsonNode previous = tree.path("redaction").path("droppedFields");
        tree.putObject("redaction").put("droppedFields", dropped + previous.asInt(0));
        return tree;
    }

    /** An error or duration entry's {@code count} as a range (its percentiles are times, not counts). */
    private void binCount(JsonNode entry) {
        if (entry instanceof ObjectNode object && object.path("count").isIntegralNumber()) {
            object.put("count", CountBins.bin(object.get("count").asLong()));
        }
    }

    private void bin(JsonNode counts) {
        if (counts instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isIntegralNumber()) {
                    object.set(name, TextNode.valueOf(CountBins.bin(value.asLong())));
                }
            }
        }
    }

    /** What in the report {@code json} is not valid against the report schema (every keyword); empty when valid. */
    public List<String> violations(byte[] json) {
        return schema.violations(json);
    }

    public RedactionRules rules() {
        return rules;
    }
}
