package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ceip.collector.intake.ProductTokens;
import io.ceip.collector.support.LogLines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tokens file or the environment gives for no product is one WARN line each, the start going on: a product
 * key mistyped ({@code b.prodcut}) left {@code b.token} unread, and every report of product B was answered 401
 * without a word at start; a line holding only a token (no {@code =}) is counted, never shown; a
 * {@code CEIP_COLLECTOR_TOKEN_*} variable of no product id is named (its value never).
 */
class TokensFileLinesOfNoProductWarnTest {

    @TempDir
    Path dir;

    @Test
    void aTokenWithoutItsProductAnOtherKeyAndAVariableOfNoProductAreOneWarningEach() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens.properties"), "a.product=A\na.token=product-a-token-0123\n"
                + "b.prodcut=B\nb.token=product-b-token-0123\nsecret-looking-token-0123456\n");
        List<String> lines;
        ProductTokens tokens;
        try (LogLines log = LogLines.capture()) {
            tokens = ProductTokens.load(file, Map.of("CEIP_COLLECTOR_TOKEN_C", "product-c-token-0123",
                    "CEIP_COLLECTOR_TOKEN_A", "product-a-token-4567"));
            lines = log.lines().stream().filter(line -> line.contains("ProductTokens")).toList();
        }

        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.product("Bearer product-a-token-4567")).contains("A");
        assertThat(lines).containsExactly(
                "WARN io.ceip.collector.intake.ProductTokens - collector.tokens-file: " + file + ": 'b.token' has no"
                        + " 'b.product': that token is not read (each product needs both)",
                "WARN io.ceip.collector.intake.ProductTokens - collector.tokens-file: " + file + ": 2 key(s) neither"
                        + " <id>.product nor <id>.token, not read (not shown: such a line may be a token)",
                "WARN io.ceip.collector.intake.ProductTokens - CEIP_COLLECTOR_TOKEN_C: no product id of"
                        + " collector.tokens-file " + file + " has that variable (<id>.product): not read");
        assertThat(String.join("\n", lines)).doesNotContain("product-b-token-0123").doesNotContain("secret-looking")
                .doesNotContain("product-c-token-0123");
    }

    @Test
    void twoIdsReadingOneVariableStopTheStartNamingIt() throws Exception {
        // before: with the variable set, "have the same token" (the variable unnamed); without it, nothing said
        Path file = Files.writeString(dir.resolve("tokens.properties"), "a-b.product=A\na-b.token=product-a-token-0123\n"
                + "a.b.product=B\na.b.token=product-b-token-0123\n");
        for (Map<String, String> environment : List.of(Map.<String, String>of(),
                Map.of("CEIP_COLLECTOR_TOKEN_A_B", "product-x-token-0123"))) {
            assertThatThrownBy(() -> ProductTokens.load(file, environment)).hasMessage("collector.tokens-file: " + file
                    + ": product ids 'a-b' and 'a.b' both take their token from CEIP_COLLECTOR_TOKEN_A_B: give one of"
                    + " them another id");
        }
    }

    @Test
    void aFileOfProductsAndTheirTokensSaysNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens.properties"), "# comment\na.product=A\n"
                + "a.token=product-a-token-0123\nb.product=B\n");
        try (LogLines log = LogLines.capture()) {
            ProductTokens.load(file, Map.of("CEIP_COLLECTOR_TOKEN_B", "product-b-token-0123"));
            assertThat(log.lines()).noneMatch(line -> line.contains("ProductTokens"));
        }
    }
}
