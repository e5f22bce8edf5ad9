package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code ceip.*} system property that is no setting ({@code -Dceip.consent.defualt=off} in {@code CEIP_JAVA_OPTS},
 * which the README offers for settings) was passed over without a word: consent stayed at its default and reports went
 * out. It is now one WARN line naming the key and the setting meant, never its value; the launcher's own properties
 * ({@code ceip.config}, {@code ceip.log.level}) and settings given so say nothing. A key with a line end is shown on
 * one line.
 */
class SystemPropertyThatIsNoSettingIsOneLineTest {

    @TempDir
    Path dir;

    private final String typo = "ceip.consent.defualt" + UUID.randomUUID().toString().substring(0, 4);

    @AfterEach
    void forgetTheProperties() {
        System.clearProperty("ceip.config");
        System.clearProperty(typo);
        System.clearProperty("ceip.retry.multiplier");
        System.clearProperty("ceip.forged\nERROR forged");
    }

    @Test
    void aTypoIsOneWarningAndASettingOrTheLaunchersOwnNone() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.database.url=jdbc:h2:mem:typo-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", ""));
        System.setProperty("ceip.config", config.toString());
        System.setProperty(typo, "off-secret-value");
        System.setProperty("ceip.retry.multiplier", "2");
        System.setProperty("ceip.forged\nERROR forged", "x");

        Result status;
        String logged;
        try (LogCapture log = LogCapture.attach()) {
            status = run("status");
            logged = log.all();
        }

        assertThat(status.code()).isZero();
        assertThat(logged.lines().filter(line -> line.contains("system property"))).containsExactlyInAnyOrder(
                "io.ceip.agent.AgentSettings system property " + typo + " is no setting (did you mean"
                        + " ceip.consent.default?): not read",
                "io.ceip.agent.AgentSettings system property ceip.forged\\nERROR forged is no setting (did you"
                        + " mean ceip.schedule.enabled?): not read");
        assertThat(logged + status.err()).doesNotContain("off-secret-value").doesNotContain("ceip.retry.multiplier")
                .doesNotContain("ceip.config is no setting");
    }
}
