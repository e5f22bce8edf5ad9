package io.ceip.agent.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What never leaves the machine. Rules applied to a JSON tree, in this order:
 * <ol>
 * <li><b>pseudonymised keys</b>: the field names of the objects at the configured paths (for example
 * {@code features.counts.*}) are replaced by their {@link Pseudonyms pseudonym};</li>
 * <li><b>secret keys</b>: a field whose name contains one of these patterns (case-insensitive) is removed with
 * its value, at any depth;</li>
 * <li><b>detectors</b>: every string value and field name is scanned in declaration order and each match (of at
 * least one character: a zero-width match changes nothing) is replaced by {@code [REDACTED:<kind>]} (e-mail and IP addresses, URLs with credentials, JDBC URLs, tokens, keys,
 * PEM blocks…);</li>
 * <li><b>high entropy</b>: any remaining run of at least {@code minLength} token characters mixing letters and
 * digits whose Shannon entropy is at least {@code minBitsPerChar} becomes {@code [REDACTED:high-entropy]}
 * (UUIDs excepted: they are the report's own IDs).</li>
 * </ol>
 * The rules are loaded by {@link RedactionRulesFile}; this class reads no file except the pseudonym salt.
 */
public final class RedactionRules {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedactionRules.class);

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/=_~-]++");
    private static final Pattern REDACTED = Pattern.compile("\\[REDACTED:([^\\]]+)]");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    /** Settings of the high-entropy detector. */
    public record HighEntropy(int minLength, double minBitsPerChar) {
    }

    private final List<Pattern> secretKeys;
    private final Map<String, Pattern> detectors;
    private final HighEntropy highEntropy;
    private final List<String[]> pseudonymisedKeys;
    private final Pseudonyms pseudonyms;
    /** The detectors that ran out of their budget on a value (each said once). */
    private final java.util.Set<String> slowRules = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The redacted field names two fields of one object had (each said once). */
    private final java.util.Set<String> collisions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public RedactionRules(List<Pattern> secretKeys, Map<String, Pattern> detectors, HighEntropy highEntropy,
            List<String> pseudonymisedKeyPaths, Pseudonyms pseudonyms) {
        this.secretKeys = List.copyOf(secretKeys);
        this.detectors = new LinkedHashMap<>(detectors);
        this.highEntropy = highEntropy;
        this.pseudonymisedKeys = pseudonymisedKeyPaths.stream().map(path -> path.split("\\.")).toList();
        this.pseudonyms = pseudonyms;
    }

    /** Redacts {@code tree} in place and returns it. */
    public JsonNode apply(JsonNode tree) {
        for (String[] path : pseudonymisedKeys) {
            pseudonymiseKeys(tree, path, 0);
        }
        return redact(tree);
    }

    private JsonNode redact(JsonNode tree) {
        if (tree instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.remove(name);
                if (!isSecretKey(name)) {
                    String redacted = redactText(name);
                    if (!object.has(redacted)) {
                        object.set(redacted, redact(value));
                    } else if (collisions.add(redacted)) { // a second name redacted to the same text: not merged
                        LOG.warn("Redaction: two field names in one object redact to {}: the second is left out"
                                + " (a name of the product's holds what a detector removes; rename it)", redacted);
                    }
                }
            }
        } else if (tree instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redact(array.get(i)));
            }
        } else if (tree != null && tree.isTextual()) {
            String redacted = redactText(tree.asText());
            return redacted.equals(tree.asText()) ? tree : TextNode.valueOf(redacted);
        }
        return tree;
    }

    private void pseudonymiseKeys(JsonNode node, String[] path, int depth) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        if (depth == path.length) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.remove(name);
                object.set(pseudonyms.of(name), value);
            }
            return;
        }
        if (path[depth].equals("*")) {
            object.elements().forEachRemaining(child -> pseudonymiseKeys(child, path, depth + 1));
        } else {
            pseudonymiseKeys(object.get(path[depth]), path, depth + 1);
        }
    }

    /**
     * True when a field of this name must not leave. A pattern that cannot finish within its budget on the name (it
     * backtracks: {@link MatchBudget}) counts as a match, fail-closed, and is said once.
     */
    public boolean isSecretKey(String name) {
        return secretKey(name).isPresent();
    }

    /** The first secret-key pattern that matches {@code name} (one that cannot finish on it counts), or empty. */
    private Optional<Pattern> secretKey(String name) {
        for (Pattern pattern : secretKeys) {
            try {
                Matcher matcher = pattern.matcher(new MatchBudget(name));
                while (matcher.find()) {
                    if (matcher.end() > matcher.start()) { // a zero-width match names nothing
                        return Optional.of(pattern);
                    }
                }
            } catch (MatchBudget.Exceeded e) {
                if (slowRules.add("secret-keys: " + pattern.pattern())) {
                    LOG.warn("Redaction secret key '{}' (ceip.redaction.rules-file) read a field name more than {}"
                            + " times per character: fields it cannot finish on are removed; its pattern backtracks,"
                            + " simplify it", pattern.pattern(), MatchBudget.PER_CHAR);
                }
                return Optional.of(pattern);
            }
        }
        return Optional.empty();
    }

    /**
     * Which rule would remove or rewrite a field named {@code name} (the first secret key it contains, else the kinds
     * of what the detectors replace in it), as a short text for a log line; empty when the name leaves as it is.
     */
    public Optional<String> ruleChanging(String name) {
        Optional<Pattern> secret = secretKey(name);
        if (secret.isPresent()) {
            return Optional.of("secret key '" + secret.get().pattern() + "' removes it");
        }
        String redacted = redactText(name);
        if (redacted.equals(name)) {
            return Optional.empty();
        }
        List<String> kinds = new ArrayList<>();
        Matcher replaced = REDACTED.matcher(redacted);
        while (replaced.find()) {
            kinds.add(replaced.group(1));
        }
        return Optional.of("detector " + String.join(", ", kinds) + " rewrites it");
    }

    /** The detectors by kind, in the order they are applied (for the tests of their cost). */
    Map<String, Pattern> detectors() {
        return java.util.Collections.unmodifiableMap(detectors);
    }

    /**
     * Replaces every detector match in {@code text} by {@code [REDACTED:<kind>]}, then every high-entropy token. In
     * time linear in the length of {@code text} with the shipped rules (each of their patterns reads a character a
     * bounded number of times, see {@code config/redaction-rules.yaml}).
     */
    public String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Map.Entry<String, Pattern> detector : detectors.entrySet()) {
            try {
                Matcher matcher = detector.getValue().matcher(new MatchBudget(result));
                StringBuilder out = null;
                int copied = 0;
                while (matcher.find()) {
                    if (matcher.end() > matcher.start()) { // a zero-width match (a look-ahead alone) holds nothing
                        out = out == null ? new StringBuilder(result.length()) : out;
                        out.append(result, copied, matcher.start()).append("[REDACTED:").append(detector.getKey())
                                .append(']');
                        copied = matcher.end();
                    }
                }
                result = out == null ? result : out.append(result, copied, result.length()).toString();
            } catch (MatchBudget.Exceeded e) { // the value is withheld whole: what the rule would find is unknown
                if (slowRules.add(detector.getKey())) {
                    LOG.warn("Redaction rule '{}' (ceip.redaction.rules-file) read a value more than {} times per"
                            + " character: values it cannot finish are withheld whole; its pattern backtracks,"
                            + " simplify it", detector.getKey(), MatchBudget.PER_CHAR);
                }
                return "[REDACTED:" + detector.getKey() + "]";
            }
        }
        return highEntropy == null ? result : redactHighEntropy(result);
    }

    private String redactHighEntropy(String text) {
        Matcher matcher = TOKEN.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (matcher.find()) {
            if (matcher.end() - matcher.start() < highEntropy.minLength()) {
                continue;
            }
            String token = matcher.group();
            if (!UUID.matcher(token).matches() && token.chars().anyMatch(Character::isDigit)
                    && token.chars().anyMatch(Character::isLetter) && entropy(token) >= highEntropy.minBitsPerChar()) {
                out = out == null ? new StringBuilder(text.length()) : out;
                out.append(text, copied, matcher.start()).append("[REDACTED:high-entropy]");
                copied = matcher.end();
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    static double entropy(String token) {
        Map<Character, Integer> counts = new LinkedHashMap<>();
        for (char c : token.toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        double bits = 0;
        for (int count : counts.values()) {
            double p = (double) count / token.length();
            bits -= p * (Math.log(p) / Math.log(2));
        }
        return bits;
    }
}
