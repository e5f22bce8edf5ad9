package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * While consent cannot be decided (the consent audit log, which a report cycle reads to decide it, is a directory),
 * a cycle and {@code send} send nothing and {@code export} exports nothing; {@code preview} printed the report all
 * the same, exit code 0, and {@code status} showed the configured level alone, as if reports went out. Now
 * {@code preview} (and {@code --raw}) says in one line on stderr that consent cannot be decided, exit code 1, and
 * {@code status} says it below the consent.
 */
class PreviewWhileConsentCannotBeDecidedSaysSoTest {

    @TempDir
    Path dir;

    @BeforeEach
    void anAuditLogThatCannotBeRead() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("consent-audit.log"));
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.database.url=jdbc:h2:mem:undecided-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", "ceip.consent.default=basic", ""));
        System.setProperty("ceip.config", config.toString());
    }

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void previewSaysConsentCannotBeDecidedAndStatusToo() {
        Result preview = run("preview");
        Result raw = run("preview", "--raw");
        Result status = run("status");

        for (Result result : new Result[] { preview, raw }) {
            assertThat(result.code()).isEqualTo(1);
            assertThat(result.out()).doesNotContain("reportId");
            assertThat(result.errLines()).singleElement().asString().startsWith("ceip-agent: Consent cannot be"
                    + " decided (cannot read the consent audit log ").contains("consent-audit.log")
                    .endsWith("a report cycle would collect and send nothing, and export nothing.");
        }
        assertThat(status.code()).isZero();
        assertThat(status.out()).containsPattern("consent: +basic \\(from config:ceip.consent.default\\)\\R +but a"
                + " report cycle cannot decide it \\(cannot read the consent audit log .*consent-audit.log.*\\):"
                + " nothing is collected or sent until that is fixed");
    }

    /** The product's consent setting that cannot be read said "Consent is off", exit 0, where send says undecided. */
    @Test
    void previewSaysSoWhenTheProductsConsentSettingCannotBeRead() throws Exception {
        Path config = Files.writeString(dir.resolve("product-setting.properties"), String.join("\n",
                "ceip.data.directory=" + Files.createDirectories(dir.resolve("data2")),
                "ceip.database.url=jdbc:h2:mem:undecided-" + UUID.randomUUID(), "ceip.collector.enabled=false",
                "ceip.consent.query=SELECT option_value FROM product_option", ""));
        System.setProperty("ceip.config", config.toString());

        Result preview = run("preview");

        assertThat(preview.code()).isEqualTo(1);
        assertThat(preview.out()).doesNotContain("reportId").doesNotContain("Consent is off");
        assertThat(preview.errLines()).contains("ceip-agent: Consent cannot be decided (the product's consent"
                + " setting could not be read, see the log): nothing would be collected or sent, and kept reports"
                + " stay kept.");
    }
}
