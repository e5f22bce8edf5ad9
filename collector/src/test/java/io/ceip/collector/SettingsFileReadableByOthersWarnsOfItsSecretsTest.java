package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.LogLines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A settings file that other users can read (world- or group-readable) and that holds a secret of the node's, a fleet
 * token of its own (not the demo's public one) or the database's password, is one WARN line at start naming the file
 * and the key, never the value (before: nothing said; the tokens file's product tokens ship in every agent, the fleet
 * token opens the fleet view). An owner-only file, the demo's fleet token and an empty password say nothing.
 */
class SettingsFileReadableByOthersWarnsOfItsSecretsTest {

    private static final String OWN_TOKEN = "my-own-fleet-token-5f3a9c";
    private static final String PASSWORD = "db-password-77e1";

    @TempDir
    Path dir;

    @Test
    void aWorldReadableFileWithTheFleetTokenIsOneLineNamingFileAndKey() throws Exception {
        Path file = settings("collector.fleet.token=" + OWN_TOKEN + "\n", "rw-r--r--");

        List<String> warnings = warnings(file);

        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains(file.toString(), "collector.fleet.token", "other users")
                .doesNotContain(OWN_TOKEN, "collector.store.password");
    }

    @Test
    void aGroupReadableFileWithTheFleetTokenAndThePasswordIsOneLineNamingBoth() throws Exception {
        Path file = settings("collector.fleet.token=" + OWN_TOKEN + "\ncollector.store.password=" + PASSWORD + "\n",
                "rw-r-----");

        List<String> warnings = warnings(file);

        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains(file.toString(), "collector.fleet.token", "collector.store.password")
                .doesNotContain(OWN_TOKEN, PASSWORD);
    }

    @Test
    void anOwnerOnlyFileTheDemoTokenOrAnEmptyPasswordSayNothing() throws Exception {
        assertThat(warnings(settings("collector.fleet.token=" + OWN_TOKEN + "\ncollector.store.password=" + PASSWORD
                + "\n", "rw-------"))).isEmpty();
        assertThat(warnings(settings("collector.fleet.token=" + DemoTokens.FLEET + "\ncollector.store.password=\n",
                "rw-r--r--"))).isEmpty();
    }

    private Path settings(String text, String permissions) throws Exception {
        Path file = Files.createTempFile(dir, "application", ".properties");
        Files.writeString(file, "collector.port=18443\n" + text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static List<String> warnings(Path file) throws Exception {
        try (LogLines log = LogLines.capture()) {
            CollectorSettings.load(Map.of("collector.config", file.toString()));
            return log.lines().stream().filter(line -> line.startsWith("WARN")).toList();
        }
    }
}
