package io.ceip.agent.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code full} consent given at runtime is bound to the product version it was given for (the real consent file and
 * audit log): a patch release keeps it, a new major or minor release falls back to {@code basic} (or {@code off}),
 * audited once, until it is given again; what is not a version, on either side, never keeps {@code full}.
 */
class ConsentBoundToProductVersionTest {

    private static final int DATA_SET = 2;

    @TempDir
    Path dir;

    @Test
    void fullIsRecordedWithTheProductVersionItWasGivenFor() throws Exception {
        ConsentDecision decision = policy("1.4.2", "basic").set(ConsentLevel.FULL);

        assertThat(decision).isEqualTo(new ConsentDecision(ConsentLevel.FULL, "runtime-setting"));
        assertThat(Files.readString(dir.resolve("consent"))).isEqualTo("full 2 1.4.2\n");
    }

    @ParameterizedTest(name = "given for 1.4.2, now {0}: {1}")
    @CsvSource({
            "1.4.2, FULL, runtime-setting", "1.4.9-hotfix, FULL, runtime-setting", "1.4, FULL, runtime-setting",
            "1.5.0, BASIC, runtime-setting:full-given-for-product-1.4-current-is-1.5",
            "2.4.2, BASIC, runtime-setting:full-given-for-product-1.4-current-is-2.4",
            "1.3.0, BASIC, runtime-setting:full-given-for-product-1.4-current-is-1.3" })
    void aNewMajorOrMinorReleaseFallsBackAPatchDoesNot(String now, ConsentLevel level, String source) {
        policy("1.4.2", "basic").set(ConsentLevel.FULL);

        assertThat(policy(now, "basic").decide()).isEqualTo(new ConsentDecision(level, source));
    }

    @Test
    void optInVendorsFallBackToOffAndKeepIsNotBound() {
        policy("1.4.2", "basic").set(ConsentLevel.FULL);

        assertThat(policy("1.5.0", "off").decide())
                .isEqualTo(new ConsentDecision(ConsentLevel.OFF, "runtime-setting:full-given-for-product-1.4-current-is-1.5"));
        assertThat(policy("1.5.0", "keep").decide()).isEqualTo(new ConsentDecision(ConsentLevel.FULL, "runtime-setting"));
    }

    @Test
    void onlyFullIsBound() {
        policy("1.4.2", "basic").set(ConsentLevel.OFF);
        assertThat(policy("2.0", "basic").decide()).isEqualTo(new ConsentDecision(ConsentLevel.OFF, "runtime-setting"));
        policy("1.4.2", "off").set(ConsentLevel.BASIC);
        assertThat(policy("2.0", "off").decide()).isEqualTo(new ConsentDecision(ConsentLevel.BASIC, "runtime-setting"));
    }

    @Test
    void theFallbackIsAuditedOnceAcrossRestartsAndGivingItAgainRestoresFull() throws Exception {
        policy("1.4.2", "basic").set(ConsentLevel.FULL);

        for (int start = 0; start < 3; start++) {
            ConsentPolicy upgraded = policy("1.5.0", "basic");
            upgraded.decide();
            upgraded.decide();
        }
        assertThat(audit()).containsExactly("none -> full source=runtime-setting",
                "full -> basic source=runtime-setting:full-given-for-product-1.4-current-is-1.5");

        ConsentDecision again = policy("1.5.0", "basic").set(ConsentLevel.FULL);

        assertThat(again).isEqualTo(new ConsentDecision(ConsentLevel.FULL, "runtime-setting"));
        assertThat(Files.readString(dir.resolve("consent"))).isEqualTo("full 2 1.5.0\n");
        assertThat(audit()).hasSize(3).last().isEqualTo("basic -> full source=runtime-setting");
    }

    @Test
    void theDataSetVersionIsCheckedFirst() throws Exception {
        Files.writeString(dir.resolve("consent"), "full 1 1.4.2\n");

        assertThat(policy("1.5.0", "off").decide().source()).isEqualTo(
                "runtime-setting:full-given-for-data-set-1-current-is-2");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = { "full 2", "full 2 latest", "full 2 v1.4", "full 2 -", "full 2 1.4;rm",
            "full 2 1.4.99999999999999999999999999999999999999999999999999999999999999999999999999" })
    void aRecordedVersionThatIsNotOneNeverKeepsFull(String content) throws Exception {
        Files.writeString(dir.resolve("consent"), content + "\n");

        ConsentDecision decision = policy("1.4.2", "basic").decide();

        assertThat(decision).isEqualTo(new ConsentDecision(ConsentLevel.BASIC,
                "runtime-setting:full-given-for-product-unrecorded"));
        assertThat(audit()).singleElement().asString().doesNotContain("latest", "rm", "999");
    }

    @Test
    void aHugeConsentFileIsRefusedNamingIt() throws Exception {
        Files.writeString(dir.resolve("consent"), "full 2 1." + "4".repeat(10_000) + "\n");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> policy("1.4.2", "basic").decide()))
                .hasMessageContaining("consent");
    }

    @ParameterizedTest(name = "[{index}] product version ''{0}''")
    @ValueSource(strings = { "", " ", "latest", "1.4 (build admin@example.com)", "1.4\nfull", "١.٤",
            "1.4.99999999999999999999999999999999999999999999999999999999999999999999" })
    void aProductVersionThatIsNotOneNeverGetsFull(String productVersion) throws Exception {
        ConsentDecision given = policy(productVersion, "basic").set(ConsentLevel.FULL);

        assertThat(given).isEqualTo(new ConsentDecision(ConsentLevel.BASIC,
                "runtime-setting:full-given-for-product-unrecorded-current-is-not-a-version"));
        assertThat(Files.readString(dir.resolve("consent"))).as("no version recorded").isEqualTo("full 2\n");
        assertThat(policy("1.4.2", "basic").decide().level()).as("nor later, under a version").isEqualTo(
                ConsentLevel.BASIC);
        assertThat(policy(productVersion, "keep").decide().level()).as("unless not bound").isEqualTo(
                ConsentLevel.FULL);
    }

    @Test
    void aValidRecordedVersionAgainstAProductVersionThatIsNotOneFallsBack() {
        policy("1.4.2", "basic").set(ConsentLevel.FULL);

        assertThat(policy("garbage", "off").decide()).isEqualTo(new ConsentDecision(ConsentLevel.OFF,
                "runtime-setting:full-given-for-product-1.4-current-is-not-a-version"));
    }

    private ConsentPolicy policy(String productVersion, String onUpgrade) {
        return new ConsentPolicy(Map.of(), new ConsentSettingFile(dir.resolve("consent")), null, ConsentLevel.BASIC,
                () -> DATA_SET, new ConsentAudit(dir.resolve("consent-audit.log"), Clock.systemUTC()),
                ConsentVersionBinding.of(productVersion, onUpgrade));
    }

    private List<String> audit() throws Exception {
        return Files.readAllLines(dir.resolve("consent-audit.log")).stream()
                .map(line -> line.substring(line.indexOf(' ') + 1)).toList();
    }
}
