package io.ceip.agent.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Review s29 F2: a redaction pattern that can match the empty text (a trailing {@code |} left in {@code token|}, a
 * {@code (token)?}, a {@code \s*}) was taken at start. As a detector it put {@code [REDACTED:kind]} between every two
 * characters of every value and field name, and each such detector multiplied the text again (five of them turned the
 * product's 15-character name into millions of characters: the heap, not a report); as a secret key it matched every
 * field name and removed the whole report. Now such a pattern stops the start in one line naming the file, the line
 * and the rule, and a zero-width match of any other pattern (a look-ahead alone) changes nothing.
 */
class RedactionRuleMatchingNothingTest {

    @TempDir
    Path dir;

    @Test
    void aPatternThatMatchesTheEmptyTextStopsTheStartNamingIt() throws Exception {
        Path detector = Files.writeString(dir.resolve("detector.yaml"), "detectors:\n  email: 'x@y'\n  token: 'token|'\n");
        Path secretKey = Files.writeString(dir.resolve("secret.yaml"), "secret-keys:\n  - passw\n  - '(?:secret)?'\n");

        assertThatThrownBy(() -> RedactionRulesFile.load(detector, null)).hasMessage(detector + ":3: detector 'token'"
                + " matches the empty text, so it would match everywhere; a pattern must need at least one character");
        assertThatThrownBy(() -> RedactionRulesFile.load(secretKey, null)).hasMessage(secretKey + ":3: secret-keys"
                + " '(?:secret)?' matches the empty text, so it would match everywhere; a pattern must need at least"
                + " one character");
    }

    @Test
    void aZeroWidthMatchChangesNothing() {
        RedactionRules rules = new RedactionRules(List.of(Pattern.compile("(?=session)")),
                Map.of("before-x", Pattern.compile("(?=x)"), "y", Pattern.compile("(?=y)y")), null, List.of(), null);
        ObjectNode tree = new ObjectMapper().createObjectNode().put("name", "Demo Monitoring xy").put("edition", "x");

        rules.apply(tree);

        assertThat(tree.toString()).isEqualTo("{\"name\":\"Demo Monitoring x[REDACTED:y]\",\"edition\":\"x\"}");
    }

    @Test
    void fiveDetectorsMatchingNothingLeaveTheTextItsSize() {
        Map<String, Pattern> detectors = new java.util.LinkedHashMap<>();
        for (String kind : List.of("a", "b", "c", "d", "e")) {
            detectors.put(kind, Pattern.compile("(?=[^\\[])|(?<=\\])"));
        }
        RedactionRules rules = new RedactionRules(List.of(), detectors, null, List.of(), null);

        assertThat(rules.redactText("Demo Monitoring")).isEqualTo("Demo Monitoring");
    }
}
