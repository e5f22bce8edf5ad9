package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ceip.collector.intake.ProductTokens;
import io.ceip.collector.support.LogLines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A product's name in the tokens file that no agent can send ({@code ceip.product.name} refuses it: empty, longer
 * than 4096 characters, a control character, a line or paragraph separator, a bidirectional control) stops the start
 * with one line naming the id and what is wrong (before: taken, and every report of the product was refused as "token
 * not valid for this product", its log line carrying the name's control characters). An id holding one is shown with
 * it as {@code ?}. The characters the agent takes (letters of any script, a zero-width non-joiner) are taken.
 */
class TokensFileNamesNoAgentCanSendStopTheStartTest {

    private static final String TOKEN = "product-a-token-0123";

    @TempDir
    Path dir;

    @Test
    void aNameNoAgentCanSendStopsTheStart() throws Exception {
        Map<String, String> names = Map.of(
                "Acme\\u0007Widgets", "holds a control character",
                "Acme\\tWidgets", "holds a control character",
                "Acme\\u0085Widgets", "holds a control character",
                "Acme\\u2028Widgets", "holds a line or paragraph separator",
                "Acme\\u202EstegdiW", "holds a bidirectional control character (U+202E)",
                "Acme\\u2066Widgets", "holds a bidirectional control character (U+2066)",
                "", "is empty",
                "x".repeat(4097), "is longer than 4096 characters");
        for (Map.Entry<String, String> name : names.entrySet()) {
            Path file = Files.writeString(dir.resolve("tokens.properties"), "a.product=" + name.getKey()
                    + "\na.token=" + TOKEN + "\n");

            assertThatIllegalArgumentException().isThrownBy(() -> ProductTokens.load(file, Map.of()))
                    .withMessage("collector.tokens-file: " + file + ": product id 'a': its name (a.product) "
                            + name.getValue() + ": no agent can send it (ceip.product.name refuses it), so each of"
                            + " its reports would be refused");
        }
    }

    @Test
    void anIdWithAControlCharacterIsShownWithAQuestionMark() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens.properties"), "a\\u001B[2J.product=A\na\\u001B[2J.token="
                + TOKEN + "\n");

        assertThatIllegalArgumentException().isThrownBy(() -> ProductTokens.load(file, Map.of()))
                .withMessage("collector.tokens-file: " + file + ": product id 'a?[2J' holds a control, line separator"
                        + " or bidirectional character: give it an id of letters, digits, '-' and '.'");
    }

    @Test
    void aTokenOfNoProductWhoseIdHasAControlCharacterIsWarnedOfWithAQuestionMark() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens.properties"), "a.product=A\na.token=" + TOKEN
                + "\nb\\u001B[2J.token=product-b-token-0123\n");

        try (LogLines log = LogLines.capture()) {
            ProductTokens.load(file, Map.of());

            assertThat(log.lines()).contains("WARN io.ceip.collector.intake.ProductTokens - collector.tokens-file: "
                    + file + ": 'b?[2J.token' has no 'b?[2J.product': that token is not read (each product needs"
                    + " both)");
        }
    }

    @Test
    void namesAgentsSendAreTaken() throws Exception {
        String persian = "\u0646\u0645\u0627\u06CC\u200C\u0634\u06AF\u0631"; // a zero-width non-joiner inside
        Path file = Files.writeString(dir.resolve("tokens.properties"), "a.product=\u00DCberwachung \u76E3\u8996"
                + "\na.token=" + TOKEN + "\nb.product=" + persian + "\nb.token=product-b-token-0123\n");

        ProductTokens tokens = ProductTokens.load(file, Map.of());

        assertThat(tokens.product("Bearer " + TOKEN)).contains("\u00DCberwachung \u76E3\u8996");
        assertThat(tokens.product("Bearer product-b-token-0123")).contains(persian);
    }
}
