package io.ceip.agent.ops;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Review ops32: the password file was checked when the agent started (a regular file of the agent's user, no
 * permission for group or others), but the JDK reads it again at every login, following links: made readable by
 * others after the start, or replaced by a link to a file of someone's choosing (from a directory others can write),
 * it still let logins in, the planted password too. Now each login checks it as the start does; while it fails the
 * check, every login is refused, and one WARN line names the setting and what is wrong (once, not per login).
 */
class RemoteJmxLoginRechecksThePasswordFileTest extends AgentTestSupport {

    private int jmxPort;
    private Path passwordFile;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        jmxPort = FreePort.next();
        Properties properties = remoteJmx(jmxPort, "operator 0perator-pass\n", "operator readwrite\n");
        passwordFile = Path.of(properties.getProperty("ceip.jmx.remote.password-file"));
        return properties;
    }

    @Test
    void aPasswordFileOpenedToOthersAfterTheStartLetsNoLoginIn() throws Exception {
        try (JMXConnector connector = connectJmx(jmxPort, "operator", "0perator-pass")) {
            assertThat(connector.getConnectionId()).isNotEmpty();
        }
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));
        try (LogCapture log = LogCapture.attach()) {
            for (int login = 0; login < 2; login++) {
                assertThatThrownBy(() -> connectJmx(jmxPort, "operator", "0perator-pass"))
                        .isInstanceOf(SecurityException.class).hasMessageNotContaining(passwordFile.toString());
            }
            assertThat(log.shown().lines().filter(line -> line.contains("every login is refused")))
                    .singleElement().asString().contains(JmxLoginFiles.PASSWORD_KEY + " " + passwordFile
                            + " is open to group or others (rw-r--r--)");
        }
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        try (JMXConnector connector = connectJmx(jmxPort, "operator", "0perator-pass")) {
            assertThat(connector.getConnectionId()).as("the file made safe again").isNotEmpty();
        }
    }

    /** Its directory opened to others after the start: each login refuses, as the start would. */
    @Test
    void aDirectoryOpenedToOthersAfterTheStartLetsNoLoginIn() throws Exception {
        Path directory = passwordFile.getParent();
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (LogCapture log = LogCapture.attach()) {
            assertThatThrownBy(() -> connectJmx(jmxPort, "operator", "0perator-pass"))
                    .isInstanceOf(SecurityException.class);
            assertThat(log.shown()).contains("its directory " + directory + " may be written by group or others");
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        try (JMXConnector connector = connectJmx(jmxPort, "operator", "0perator-pass")) {
            assertThat(connector.getConnectionId()).as("the directory made safe again").isNotEmpty();
        }
    }

    @Test
    void aPasswordFileReplacedByALinkLetsNoPlantedPasswordIn() throws Exception {
        Path planted = Files.writeString(newTempDirectory().resolve("planted"), "operator planted-pass\n");
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-------"));
        Files.delete(passwordFile);
        Files.createSymbolicLink(passwordFile, planted);

        assertThatThrownBy(() -> connectJmx(jmxPort, "operator", "planted-pass"))
                .isInstanceOf(SecurityException.class);
    }
}
