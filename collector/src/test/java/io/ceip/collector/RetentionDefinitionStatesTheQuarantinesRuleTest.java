package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The one definition of {@code collector.store.retention-months} (its {@code #: type | meaning} line in
 * {@code collector-defaults.properties}, from which {@code docs/configuration.md} is generated) said only how long
 * reports are kept, while the collector's README (<i>Quarantined records</i>) and the resend's own line give the
 * quarantine's rule: its rows have no retention, and a record older than the retention is not resent (its row kept,
 * since the upkeep would drop the report stored). The definition, and so the generated reference, now says both, with
 * what to do (raise the setting or delete the row); the reference's row is the definition's
 * ({@link ConfigurationReferenceMatchesTheDefaultsTest}).
 */
class RetentionDefinitionStatesTheQuarantinesRuleTest {

    @Test
    void theRetentionsMeaningStatesTheQuarantinesRule() throws Exception {
        String defaults = Files.readString(Path.of("src/main/resources/collector-defaults.properties"),
                StandardCharsets.ISO_8859_1);
        String row = ConfigurationReferenceMatchesTheDefaultsTest.table(defaults).lines()
                .filter(line -> line.startsWith("| `collector.store.retention-months` |")).findFirst().orElseThrow();

        assertThat(row).contains("how long reports are kept", "0: for ever")
                .contains("ceip_report_quarantine stay until resent or deleted, whatever their age")
                .contains("older than this is not resent", "keeps its row as it was, exit 1")
                .contains("raise this to store it, or delete the row");
        assertThat(Files.readString(Path.of("docs/configuration.md"), StandardCharsets.UTF_8)).contains(row);
        assertThat(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8))
                .contains("The rows stay until resent or deleted (no retention)")
                .contains("is older than collector.store.retention-months (13), which the store's upkeep drops: raise"
                        + " the");
    }
}
