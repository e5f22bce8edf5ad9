package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status} beside a damaged consent setting ({@code data/consent} a directory, as a mistaken restore leaves it).
 * The README promises {@code status} exits 0 but on a bad setting, and an administrator runs it precisely to see what
 * is wrong; it exited 1 with the one line of the unreadable setting and showed nothing else. Now the consent line
 * says consent cannot be decided and why (the file and what is wrong, as JMX {@code ConsentSource} says it), the rest
 * of the status is shown, as for a ledger that cannot be read ({@link StatusBesideALinkedLedgerTest}), exit code 0,
 * and the directory stays where it is.
 */
class StatusBesideADamagedConsentSettingTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void statusSaysConsentCannotBeDecidedAndShowsTheRest() throws Exception {
        Path data = dir.resolve("data");
        Path consent = Files.createDirectories(data.resolve("consent"));
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.database.url=jdbc:h2:mem:status-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", ""));
        System.setProperty("ceip.config", config.toString());

        Result result = run("status");

        assertThat(result.code()).isZero();
        assertThat(result.out()).containsPattern("(?m)^consent: +undecided: cannot read the consent setting "
                + "\\Q" + consent + "\\E: a directory, not a regular file \\(FileSystemException\\); nothing is"
                + " collected or sent until that is fixed$")
                .contains("last delivery:", "dead letters:", "events catalog:");
        assertThat(consent).isDirectory();
    }
}
