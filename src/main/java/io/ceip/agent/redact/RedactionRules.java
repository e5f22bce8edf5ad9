package io.ceip.agent.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What never leaves the machine. Two kinds of rules, applied to a JSON tree at any depth:
 * <ul>
 * <li><b>secret keys</b>: a field whose name contains one of these patterns (case-insensitive) is removed with
 * its value, for example {@code password}, {@code api_key}, {@code sessionCookie};</li>
 * <li><b>detectors</b>: every string value (and every field name) is scanned in declaration order and each
 * match is replaced by {@code [REDACTED:<kind>]}, for example e-mail addresses, IP addresses, URLs with
 * credentials, JDBC URLs, bearer tokens and PEM blocks.</li>
 * </ul>
 * The rules are loaded by {@link RedactionRulesFile}; this class has no I/O.
 */
public final class RedactionRules {

    private final List<Pattern> secretKeys;
    private final Map<String, Pattern> detectors;

    public RedactionRules(List<Pattern> secretKeys, Map<String, Pattern> detectors) {
        this.secretKeys = List.copyOf(secretKeys);
        this.detectors = new LinkedHashMap<>(detectors);
    }

    /** Redacts {@code tree} in place and returns it. */
    public JsonNode apply(JsonNode tree) {
        if (tree instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.remove(name);
                if (isSecretKey(name)) {
                    continue;
                }
                object.set(redactText(name), apply(value));
            }
        } else if (tree instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, apply(array.get(i)));
            }
        } else if (tree != null && tree.isTextual()) {
            String redacted = redactText(tree.asText());
            return redacted.equals(tree.asText()) ? tree : TextNode.valueOf(redacted);
        }
        return tree;
    }

    /** True when a field of this name must not leave. */
    public boolean isSecretKey(String name) {
        for (Pattern pattern : secretKeys) {
            if (pattern.matcher(name).find()) {
                return true;
            }
        }
        return false;
    }

    /** Replaces every detector match in {@code text} by {@code [REDACTED:<kind>]}. */
    public String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Map.Entry<String, Pattern> detector : detectors.entrySet()) {
            Matcher matcher = detector.getValue().matcher(result);
            if (matcher.find()) {
                result = matcher.replaceAll(Matcher.quoteReplacement("[REDACTED:" + detector.getKey() + "]"));
            }
        }
        return result;
    }

    /** The detector kinds, in the order they are applied. */
    public Iterator<String> detectorKinds() {
        return detectors.keySet().iterator();
    }
}
