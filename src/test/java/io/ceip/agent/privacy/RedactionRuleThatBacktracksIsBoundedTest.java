package io.ceip.agent.privacy;

import io.ceip.agent.support.LogCapture;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An administrator's detector whose pattern backtracks exponentially ({@code (?:\S*){30}QQQ} hung a preview on the
 * report's 36-character IDs) runs out of its budget: the value is withheld whole, one warning names the rule, and
 * the other values and rules go on.
 */
class RedactionRuleThatBacktracksIsBoundedTest {

    @Test
    void aValueTheRuleCannotFinishIsWithheldAndTheRuleNamedOnce() {
        RedactionRules rules = new RedactionRules(List.of(), Map.of("slow", Pattern.compile("(?:\\S*){30}QQQ")), null,
                List.of(), null);
        try (LogCapture log = LogCapture.attach()) {
            String[] redacted = assertTimeoutPreemptively(Duration.ofMinutes(1), () -> new String[] {
                rules.redactText("3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b"),
                rules.redactText("0b8f4a52-3c1d-4e6f-9a7b-5c2d1e0f9a8b"),
                rules.redactText("ok QQQ") });

            assertThat(redacted).as("withheld, withheld, then a value it finishes: its match replaced")
                    .containsExactly("[REDACTED:slow]", "[REDACTED:slow]", "ok [REDACTED:slow]");
            assertThat(log.all().lines().filter(line -> line.contains("Redaction rule 'slow'"))).hasSize(1);
            assertThat(log.all()).doesNotContain("3f2b8c1e");
        }
    }

    @Test
    void aLinearRuleReadsWithinItsBudgetOnALongValue() {
        RedactionRules rules = new RedactionRules(List.of(), Map.of("digits", Pattern.compile("[0-9]++")), null,
                List.of(), null);
        String value = "a".repeat(2_000_000) + "42";

        assertThat(rules.redactText(value)).endsWith("a[REDACTED:digits]").hasSize(2_000_000 + 17);
        assertThat(rules.redactText("no digits here")).isEqualTo("no digits here");
    }
}
