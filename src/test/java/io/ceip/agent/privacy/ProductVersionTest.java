package io.ceip.agent.privacy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as a product version for consent, and what does not (hostile text included). */
class ProductVersionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "1.4.2, 1, 4", "2.0, 2, 0", "7, 7, 0", "1.4.2-SNAPSHOT, 1, 4", "3.1+build.7, 3, 1", "10.22.333.4444, 10, 22",
            "23-beta, 23, 0", "1.8.0_292, 1, 8", "999999999.999999999, 999999999, 999999999" })
    void aVersionHasAMajorAndAMinor(String text, int major, int minor) {
        assertThat(ProductVersion.parse(text)).contains(new ProductVersion(major, minor, text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = { "", " ", " 1.4", "1.4 ", "v1.4", "latest", "1.4 (build admin@example.com)", "1.4\nfull",
            "1.4.2 full", "-1.4", "1234567890.1", "1.1234567890", "١.٤", "1.4\u202e", "1.4.2/../../etc", "1.4;DROP",
            "0x1.4", "1,4", ".4", "1.", "1..4", "1.4.", "1.4.2.x" })
    void anythingElseIsNotAVersion(String text) {
        assertThat(ProductVersion.parse(text)).isEmpty();
    }

    @Test
    void aHugeOrMissingVersionIsNotAVersion() {
        assertThat(ProductVersion.parse("1.4.2-" + "a".repeat(59))).as("65 characters").isEmpty();
        assertThat(ProductVersion.parse("1.4.2-" + "a".repeat(58))).as("64 characters").isPresent();
        assertThat(ProductVersion.parse("1." + "4".repeat(1_000_000))).isEmpty();
        assertThat(ProductVersion.parse(null)).isEmpty();
    }

    @Test
    void onlyMajorAndMinorMakeARelease() {
        ProductVersion given = ProductVersion.parse("1.4.2").orElseThrow();
        assertThat(given.sameRelease(ProductVersion.parse("1.4.9-hotfix").orElseThrow())).isTrue();
        assertThat(given.sameRelease(ProductVersion.parse("1.4").orElseThrow())).isTrue();
        assertThat(given.sameRelease(ProductVersion.parse("1.5.0").orElseThrow())).isFalse();
        assertThat(given.sameRelease(ProductVersion.parse("2.4.2").orElseThrow())).isFalse();
        assertThat(given.sameRelease(ProductVersion.parse("14.2").orElseThrow())).as("not a text prefix").isFalse();
        assertThat(ProductVersion.parse("7").map(ProductVersion::release)).isEqualTo(Optional.of("7.0"));
    }
}
