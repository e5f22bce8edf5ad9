package io.ceip.agent;

import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.ConsentSettingFile;
import io.ceip.agent.privacy.ConsentVersionBinding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code data/consent} that holds more than {@code <level> <data-set-version> [<product-version>]} decides nothing
 * (docs/privacy.md): an administrator who withdraws by appending ({@code echo off 3 >> data/consent}) to a file that
 * said {@code full 3 1.4.2} made it {@code full 3 1.4.2\noff 3}; its words were split on blanks and line ends alike and
 * the first three taken, so it decided {@code full} ({@code on-product-upgrade=keep}; {@code basic} by default, the
 * third word then {@code 1.4.2}, or {@code off} read as a product version): the administrator's {@code off} was never
 * seen and reports went on at full. Now such a file cannot be decided from: nothing collected, nothing sent (one line
 * naming the file, never its content), until it is put right; {@code ceip-agent consent off} puts it right (before,
 * the command read the damaged setting first, for the shell's kill switch, and failed: with any damaged setting the
 * administrator had to delete the file by hand).
 */
class ConsentSettingFileAppendedToDecidesNothingTest {

    @TempDir
    Path dir;
    private Path data;

    @org.junit.jupiter.api.BeforeEach
    void dataDirectory() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
    }

    private ConsentPolicy policy(String onUpgrade) {
        return new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")), null, ConsentLevel.BASIC,
                () -> 3, new ConsentAudit(data.resolve("consent-audit.log"), Clock.systemUTC()),
                ConsentVersionBinding.of("1.4.2", onUpgrade));
    }

    @Test
    void anOffAppendedToAFullConsentIsNeverTakenForFull() throws Exception {
        Files.writeString(data.resolve("consent"), "full 3 1.4.2\noff 3 1.4.2\n");
        for (String onUpgrade : new String[] {"keep", "basic"}) {
            assertThatThrownBy(() -> policy(onUpgrade).decide()).as("on-product-upgrade=%s", onUpgrade)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(data.resolve("consent") + ": it holds more than <level> <data-set-version>"
                            + " [<product-version>]");
        }
        Files.writeString(data.resolve("consent"), "full 3 1.4.2 hunter2\n");
        assertThatThrownBy(() -> new ConsentSettingFile(data.resolve("consent")).read())
                .isInstanceOf(IllegalStateException.class).message().doesNotContain("hunter2");

        Files.writeString(data.resolve("consent"), "full 3 1.4.2\noff 3\n");
        Path config = Files.writeString(dir.resolve("command.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.database.url=jdbc:h2:mem:command-" + java.util.UUID.randomUUID(),
                "ceip.collector.enabled=false", ""));
        System.setProperty("ceip.config", config.toString());
        try {
            CommandLineRun.Result withdrawn = CommandLineRun.run("consent", "off");
            assertThat(withdrawn.code()).as("ceip-agent consent off: %s", withdrawn.err()).isZero();
            assertThat(withdrawn.out()).startsWith("Consent set to off; effective: off (from runtime-setting)");
        } finally {
            System.clearProperty("ceip.config");
        }
        assertThat(data.resolve("consent")).content().startsWith("off 3");
        assertThat(data.resolve("consent-audit.log")).content().contains("-> off source=runtime-setting");

        Files.writeString(data.resolve("consent"), "full 3 1.4.2\n");
        assertThat(policy("keep").decide().level()).as("one line of three words").isEqualTo(ConsentLevel.FULL);
        Files.writeString(data.resolve("consent"), "off 3\n");
        assertThat(policy("keep").decide().level()).isEqualTo(ConsentLevel.OFF);
    }
}
