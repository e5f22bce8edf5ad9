package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory left open to others (0755, an installation ID 0644, a dead-letter directory 0777, as an older
 * version or a careless copy leaves them) is tightened at start, one WARN line per path, and used as before.
 */
class DataDirectoryTightenedAtStartTest extends AgentTestSupport {

    private static final String ID = "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b";

    private final LogCapture log = LogCapture.attach();

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Override
    protected Properties overrides() {
        try {
            Path data = dataDirectory();
            Path deadLetters = Files.createDirectories(data.resolve("dead-letter"));
            Files.writeString(data.resolve("installation-id"), ID + "\n");
            Files.setPosixFilePermissions(data.resolve("installation-id"), PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(deadLetters, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Properties();
    }

    @Test
    void widerPermissionsAreTightenedAtStartWithOneWarningEach() throws Exception {
        Path data = dataDirectory();
        assertThat(log.all().lines().filter(line -> line.contains("open to other users"))).containsExactlyInAnyOrder(
                line(data, "rwxr-xr-x", "rwx------"),
                line(data.resolve("installation-id"), "rw-r--r--", "rw-------"),
                line(data.resolve("dead-letter"), "rwxrwxrwx", "rwx------"));
        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(data.resolve("installation-id"))).isEqualTo("rw-------");
        assertThat(permissions(data.resolve("dead-letter"))).isEqualTo("rwx------");

        runReportCycle();

        assertThat(parse(server().received().get(0).json()).get("installationId").asText())
                .as("the tightened ID is still the installation's").isEqualTo(ID);
    }

    private static String line(Path path, String before, String after) {
        return "io.ceip.agent.files.DataDirectoryPermissions File permissions: " + path + " was " + before
                + ", open to other users; now " + after;
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
