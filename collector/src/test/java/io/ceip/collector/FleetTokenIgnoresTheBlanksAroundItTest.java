package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ceip.collector.intake.ProductTokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token from a Kubernetes secret mounted from a file ends with a newline: the fleet view's token and the products'
 * are taken without the blanks around them (before, the fleet view's Bearer form refused the real token, review s21
 * collector L2); a blank inside the fleet view's token or a product's, a product token outside printable ASCII, or
 * a token that is short once trimmed, stops the start.
 */
class FleetTokenIgnoresTheBlanksAroundItTest {

    @TempDir
    Path dir;

    @Test
    void theFleetTokenFromTheEnvironmentOrTheSettingIsTrimmed() {
        assertThat(FleetToken.of(Map.of("CEIP_COLLECTOR_FLEET_TOKEN", "vendor-fleet-token-0123\n"), "ignored"))
                .isEqualTo("vendor-fleet-token-0123");
        assertThat(FleetToken.of(Map.of(), " vendor-fleet-token-0123\t")).isEqualTo("vendor-fleet-token-0123");
    }

    @Test
    void aBlankInsideOrTooFewCharactersOnceTrimmedStopTheStart() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FleetToken.of(Map.of("CEIP_COLLECTOR_FLEET_TOKEN", "vendor fleet token 0123"), ""))
                .withMessage("CEIP_COLLECTOR_FLEET_TOKEN: has a blank inside: a token is one word (the blanks around it"
                        + " are ignored)");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetToken.of(Map.of(), "short-token\n\n\n\n\n\n\n\n"))
                .withMessage("collector.fleet.token: at least 16 characters (collector.fleet.token or"
                        + " CEIP_COLLECTOR_FLEET_TOKEN)");
    }

    /**
     * The server reads a header's bytes as Latin-1: a fleet token with {@code é} (sent as UTF-8) never matched as
     * {@code Authorization: Bearer}, only as a browser's Basic password (decoded as UTF-8); the products' tokens were
     * refused so already. Before: taken, and every {@code curl -H 'Authorization: Bearer ...'} answered 401.
     */
    @Test
    void aFleetTokenOutsidePrintableAsciiStopsTheStart() {
        assertThatIllegalArgumentException().isThrownBy(() -> FleetToken.of(Map.of(), "fleet-tokén-0123456789"))
                .withMessage("collector.fleet.token: must be printable ASCII (a character outside it never matches"
                        + " as Authorization: Bearer)");
        assertThatIllegalArgumentException().isThrownBy(() -> FleetToken.of(Map.of("CEIP_COLLECTOR_FLEET_TOKEN",
                "fleet-token-\u0001-0123456789"), "")).withMessageStartingWith("CEIP_COLLECTOR_FLEET_TOKEN: must be");
    }

    @Test
    void aProductTokenFromTheEnvironmentOrTheFileIsTrimmed() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens.properties"), "a.product=A\na.token=product-a-token-0123 \t\n"
                + "b.product=B\nb.token=ignored-for-the-environment\n");

        ProductTokens tokens = ProductTokens.load(file, Map.of("CEIP_COLLECTOR_TOKEN_B", "product-b-token-0123\n"));

        assertThat(tokens.product("Bearer product-a-token-0123")).contains("A");
        assertThat(tokens.product("Bearer product-b-token-0123")).contains("B");
    }

    /** The agent refuses such a ceip.endpoint.token: a product whose token no agent can send stops the start. */
    @Test
    void aProductTokenWithABlankOrAByteOutsidePrintableAsciiStopsTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens.properties"), "a.product=A\na.token=product a token 0123\n"
                + "b.product=B\nb.token=product-b-token-0123\n");

        assertThatIllegalArgumentException().isThrownBy(() -> ProductTokens.load(file, Map.of()))
                .withMessage("collector.tokens-file: " + file + ": product id 'a': its token (a.token or"
                        + " CEIP_COLLECTOR_TOKEN_A) must be printable ASCII without blanks inside");
        assertThatIllegalArgumentException().isThrownBy(() -> ProductTokens.load(file, Map.of(
                "CEIP_COLLECTOR_TOKEN_A", "product-a-token-0123", "CEIP_COLLECTOR_TOKEN_B", "product-b-tokén-0123")))
                .withMessageContaining("product id 'b': its token (b.token or CEIP_COLLECTOR_TOKEN_B) must be");
    }
}
