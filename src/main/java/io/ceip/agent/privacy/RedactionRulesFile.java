package io.ceip.agent.privacy;

import io.ceip.agent.files.YamlText;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@link RedactionRules} from a YAML file ({@code ceip.redaction.rules-file}):
 *
 * <pre>
 * pseudonymise-keys:      # paths of objects whose field names are replaced by pseudonyms
 *   - features.counts.*
 * secret-keys:            # patterns; a field whose name contains one is removed
 *   - password
 * detectors:              # kind: pattern; matches in string values become [REDACTED:kind]
 *   email: '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
 * high-entropy:           # long random-looking tokens become [REDACTED:high-entropy]
 *   min-length: 24
 *   min-bits-per-char: 3.5
 * </pre>
 *
 * Any other top-level key, a rule that is not a string, a pattern that does not compile, or one that matches the
 * empty text (a trailing {@code |}, a {@code (token)?}: it would match everywhere) is an error naming the file, the
 * line and the rule; the agent does not start with a broken rule file.
 */
public final class RedactionRulesFile {

    private RedactionRulesFile() {
    }

    public static RedactionRules load(Path file, Pseudonyms pseudonyms) {
        String yaml = YamlText.read(file, "ceip.redaction.rules-file");
        Node root = compose(file, yaml).orElseThrow(() -> new IllegalArgumentException(file + ": the file is empty"));
        if (!(root instanceof MappingNode mapping)) {
            throw new IllegalArgumentException(where(file, root) + ": expected the keys secret-keys and detectors");
        }
        rejectDuplicateKeys(file, root);
        List<Pattern> secretKeys = new ArrayList<>();
        Map<String, Pattern> detectors = new LinkedHashMap<>();
        List<String> pseudonymised = new ArrayList<>();
        RedactionRules.HighEntropy highEntropy = null;
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(file, tuple.getKeyNode(), "key");
            switch (key) {
                case "secret-keys" -> {
                    if (!(tuple.getValueNode() instanceof SequenceNode list)) {
                        throw new IllegalArgumentException(where(file, tuple.getValueNode())
                                + ": secret-keys must be a list of patterns");
                    }
                    for (Node item : list.getValue()) {
                        String pattern = scalar(file, item, "secret-keys entry");
                        secretKeys.add(compile(file, item, "secret-keys '" + pattern + "'", pattern,
                                Pattern.CASE_INSENSITIVE));
                    }
                }
                case "detectors" -> {
                    if (!(tuple.getValueNode() instanceof MappingNode map)) {
                        throw new IllegalArgumentException(where(file, tuple.getValueNode())
                                + ": detectors must map a kind to a pattern");
                    }
                    for (NodeTuple detector : map.getValue()) {
                        String kind = scalar(file, detector.getKeyNode(), "detector kind");
                        if (!kind.matches("[a-z0-9-]+")) {
                            throw new IllegalArgumentException(where(file, detector.getKeyNode()) + ": detector '"
                                    + kind + "': a kind is lower-case letters, digits and '-'");
                        }
                        String pattern = scalar(file, detector.getValueNode(), "detector '" + kind + "'");
                        detectors.put(kind, compile(file, detector.getValueNode(), "detector '" + kind + "'",
                                pattern, 0));
                    }
                }
                case "pseudonymise-keys" -> {
                    if (!(tuple.getValueNode() instanceof SequenceNode list)) {
                        throw new IllegalArgumentException(where(file, tuple.getValueNode())
                                + ": pseudonymise-keys must be a list of paths");
                    }
                    for (Node item : list.getValue()) {
                        String path = scalar(file, item, "pseudonymise-keys entry");
                        if (!path.matches("(\\*|[A-Za-z0-9_-]+)(\\.(\\*|[A-Za-z0-9_-]+))*")) {
                            throw new IllegalArgumentException(where(file, item) + ": pseudonymise-keys '" + path
                                    + "' is not a path like features.counts.*");
                        }
                        pseudonymised.add(path);
                    }
                }
                case "high-entropy" -> highEntropy = highEntropy(file, tuple.getValueNode());
                default -> throw new IllegalArgumentException(where(file, tuple.getKeyNode()) + ": unknown rule key '"
                        + key + "' (expected pseudonymise-keys, secret-keys, detectors or high-entropy)");
            }
        }
        return new RedactionRules(secretKeys, detectors, highEntropy, pseudonymised, pseudonyms);
    }

    private static RedactionRules.HighEntropy highEntropy(Path file, Node node) {
        if (!(node instanceof MappingNode map)) {
            throw new IllegalArgumentException(where(file, node)
                    + ": high-entropy must have min-length and min-bits-per-char");
        }
        int minLength = 0;
        double minBits = 0;
        for (NodeTuple setting : map.getValue()) {
            String name = scalar(file, setting.getKeyNode(), "high-entropy key");
            String value = scalar(file, setting.getValueNode(), "high-entropy " + name);
            try {
                switch (name) {
                    case "min-length" -> minLength = Integer.parseInt(value);
                    case "min-bits-per-char" -> minBits = Double.parseDouble(value);
                    default -> throw new IllegalArgumentException(where(file, setting.getKeyNode())
                            + ": unknown high-entropy key '" + name + "' (expected min-length, min-bits-per-char)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where(file, setting.getValueNode()) + ": high-entropy " + name
                        + " '" + value + "' is not a number", e);
            }
        }
        // NaN or Infinity would switch the detector off without a word: refused like any value out of range
        if (minLength < 8 || minLength > 256 || !(minBits > 0 && minBits <= 6)) {
            throw new IllegalArgumentException(where(file, node)
                    + ": high-entropy needs min-length from 8 to 256 and min-bits-per-char above 0, at most 6");
        }
        return new RedactionRules.HighEntropy(minLength, minBits);
    }

    private static Optional<Node> compose(Path file, String yaml) {
        try {
            return new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(yaml);
        } catch (RuntimeException e) {
            throw YamlText.invalid(file, e);
        }
    }

    /** A key given twice in any mapping of the file is an error at its second place (YAML's rule; the composer lets it by). */
    private static void rejectDuplicateKeys(Path file, Node node) {
        if (node instanceof MappingNode map) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (NodeTuple tuple : map.getValue()) {
                String key = scalar(file, tuple.getKeyNode(), "key");
                if (!keys.add(key)) {
                    throw new IllegalArgumentException(where(file, tuple.getKeyNode()) + ": '" + key
                            + "' is given twice");
                }
                rejectDuplicateKeys(file, tuple.getValueNode());
            }
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(item -> rejectDuplicateKeys(file, item));
        }
    }

    private static Pattern compile(Path file, Node node, String rule, String pattern, int flags) {
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern, flags);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where(file, node) + ": " + rule + " is not a valid regular expression: "
                    + e.getDescription(), e);
        }
        if (compiled.matcher("").matches()) { // 'token|', '(token)?', '\s*': a match everywhere, or every name
            throw new IllegalArgumentException(where(file, node) + ": " + rule + " matches the empty text, so it would"
                    + " match everywhere; a pattern must need at least one character");
        }
        return compiled;
    }

    private static String scalar(Path file, Node node, String what) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw new IllegalArgumentException(where(file, node) + ": " + what + " must be a plain string");
    }

    private static String where(Path file, Node node) {
        return file + ":" + node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }
}
