package io.ceip.agent.report;

import io.ceip.agent.collect.EnvironmentInfo;
import io.ceip.agent.collect.DatabaseInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.Map;

/**
 * The JSON tree of a {@link Report}, field by field in the order of the published schema: the same tree as
 * Jackson's {@code valueToTree}, written out so that the agent's process does not load Jackson's bean introspection
 * and serializers (some 300 classes and a generated reflection accessor per record getter) for one small object a
 * cycle. Null fields are kept as JSON nulls (the consent filter and redaction work on this tree). A usage value is a
 * number, text, boolean, map or list as collected; anything else a JDBC driver returns (a timestamp, a decimal,
 * bytes) is converted by the given mapper, as before.
 */
public final class ReportTree {

    private ReportTree() {
    }

    /** The tree of {@code report}; {@code mapper} converts usage values of other types than the plain ones. */
    public static ObjectNode of(Report report, ObjectMapper mapper) {
        JsonNodeFactory nodes = mapper.getNodeFactory();
        ObjectNode tree = nodes.objectNode();
        tree.put("schemaVersion", report.schemaVersion());
        tree.put("reportId", report.reportId());
        tree.put("installationId", report.installationId());
        tree.put("generatedAt", report.generatedAt());
        tree.put("consentLevel", report.consentLevel());
        tree.set("product", product(report.product(), nodes));
        tree.set("environment", environment(report.environment(), nodes));
        tree.set("database", database(report.database(), nodes));
        tree.set("usage", value(report.usage(), mapper));
        tree.set("features", features(report.features(), mapper));
        tree.put("partial", report.partial());
        ArrayNode failures = nodes.arrayNode();
        for (CollectionFailure failure : report.failures()) {
            failures.addObject().put("source", failure.source()).put("error", failure.error())
                    .put("reason", failure.reason());
        }
        tree.set("failures", failures);
        return tree;
    }

    private static JsonNode product(ProductInfo product, JsonNodeFactory nodes) {
        return product == null ? nodes.nullNode()
                : nodes.objectNode().put("name", product.name()).put("version", product.version())
                        .put("edition", product.edition());
    }

    private static JsonNode environment(EnvironmentInfo environment, JsonNodeFactory nodes) {
        return environment == null ? nodes.nullNode()
                : nodes.objectNode().put("osName", environment.osName()).put("osVersion", environment.osVersion())
                        .put("osArch", environment.osArch()).put("javaVendor", environment.javaVendor())
                        .put("javaVersion", environment.javaVersion()).put("timezone", environment.timezone())
                        .put("processors", environment.processors())
                        .put("maxHeapBytes", environment.maxHeapBytes())
                        .put("agentVersion", environment.agentVersion());
    }

    private static JsonNode database(DatabaseInfo database, JsonNodeFactory nodes) {
        return database == null ? nodes.nullNode()
                : nodes.objectNode().put("vendor", database.vendor()).put("version", database.version());
    }

    private static JsonNode features(FeatureUsage features, ObjectMapper mapper) {
        if (features == null) {
            return mapper.getNodeFactory().nullNode();
        }
        ObjectNode tree = mapper.getNodeFactory().objectNode().put("from", features.from()).put("to", features.to());
        tree.set("counts", value(features.counts(), mapper));
        return tree;
    }

    private static JsonNode value(Object value, ObjectMapper mapper) {
        JsonNodeFactory nodes = mapper.getNodeFactory();
        if (value == null) {
            return nodes.nullNode();
        } else if (value instanceof String text) {
            return nodes.textNode(text);
        } else if (value instanceof Long number) {
            return nodes.numberNode(number);
        } else if (value instanceof Integer number) {
            return nodes.numberNode(number);
        } else if (value instanceof Boolean bool) {
            return nodes.booleanNode(bool);
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode tree = nodes.objectNode();
            map.forEach((key, entry) -> tree.set(String.valueOf(key), value(entry, mapper)));
            return tree;
        } else if (value instanceof Collection<?> list) {
            ArrayNode array = nodes.arrayNode();
            list.forEach(entry -> array.add(value(entry, mapper)));
            return array;
        }
        return mapper.valueToTree(value);
    }
}
