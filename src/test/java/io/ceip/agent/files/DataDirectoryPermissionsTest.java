package io.ceip.agent.files;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.files.OwnerOnlyFilesTest.fifo;
import static io.ceip.agent.files.OwnerOnlyFilesTest.permissions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What is already in the data directory is tightened at start, one WARN line per path: never through a link, never
 * a fifo opened, never another user's file changed, nothing created.
 */
class DataDirectoryPermissionsTest {

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    @Test
    void widerPermissionsAreTightenedWithOneWarningPerPathAndNothingElseIsTouched() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path deadLetters = Files.createDirectories(data.resolve("dead-letter"));
        Path id = Files.writeString(data.resolve("installation-id"), "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b\n");
        Path salt = Files.writeString(data.resolve("pseudonym-salt"), "salt\n");
        Path entry = Files.write(deadLetters.resolve("3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b.json.gz"), new byte[] { 1 });
        Path marker = Files.writeString(outside.resolve("marker"), "outside");
        Path alreadyOwnerOnly = Files.writeString(data.resolve("consent"), "basic 1\n");
        set(data, "rwxr-xr-x");
        set(deadLetters, "rwxrwxrwx");
        set(id, "rw-r--r--");
        set(salt, "rw-rw-rw-");
        set(entry, "rw-r-----");
        set(marker, "rw-r--r--");
        set(alreadyOwnerOnly, "rw-------");
        Files.createSymbolicLink(data.resolve("link"), marker);
        Path fifo = fifo(data.resolve("fifo"));
        set(fifo, "rw-rw-rw-");

        int changed;
        try (LogCapture log = LogCapture.attach()) {
            changed = DataDirectoryPermissions.tighten(List.of(data, deadLetters, dir.resolve("absent")));

            assertThat(log.all().lines().filter(line -> line.contains("open to other users")))
                    .containsExactlyInAnyOrder(
                            warning(data, "rwxr-xr-x", "rwx------"),
                            warning(deadLetters, "rwxrwxrwx", "rwx------"),
                            warning(id, "rw-r--r--", "rw-------"),
                            warning(salt, "rw-rw-rw-", "rw-------"),
                            warning(entry, "rw-r-----", "rw-------"));
        }

        assertThat(changed).isEqualTo(5);
        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(deadLetters)).isEqualTo("rwx------");
        assertThat(permissions(id)).isEqualTo("rw-------");
        assertThat(permissions(salt)).isEqualTo("rw-------");
        assertThat(permissions(entry)).isEqualTo("rw-------");
        assertThat(permissions(marker)).as("a link's target is never changed").isEqualTo("rw-r--r--");
        assertThat(permissions(fifo)).as("a fifo is not touched (nor opened)").isEqualTo("rw-rw-rw-");
        assertThat(Files.readString(id)).isEqualTo("3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b\n");
        assertThat(dir.resolve("absent")).as("nothing is created").doesNotExist();

        assertThat(DataDirectoryPermissions.tighten(List.of(data))).as("a second start has nothing to do").isZero();
    }

    /** {@code --data /etc/passwd}: a file named as the data directory was made {@code 0600}. */
    @Test
    void aFileNamedAsADirectoryIsLeftAsItIsWithOneWarning() throws Exception {
        Path file = Files.writeString(outside.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        set(file, "rw-r--r--");
        Path link = Files.createSymbolicLink(dir.resolve("data"), file);

        try (LogCapture log = LogCapture.attach()) {
            assertThat(DataDirectoryPermissions.tighten(List.of(file, link))).isZero();

            assertThat(log.all().lines().filter(line -> line.contains("DataDirectoryPermissions"))).containsExactly(
                    "io.ceip.agent.files.DataDirectoryPermissions File permissions: " + file + " is not a directory;"
                            + " left as it is",
                    "io.ceip.agent.files.DataDirectoryPermissions File permissions: " + link + " is not a directory;"
                            + " left as it is");
        }
        assertThat(permissions(file)).isEqualTo("rw-r--r--");
    }

    /** Only root can give a file to another user: this runs when the tests run as root (they do in CI). */
    @Test
    void anotherUsersFileIsLeftAsItIsWithOneWarning() throws Exception {
        assumeTrue(OwnerOnlyFiles.currentUid() == 0, "the tests run as root");
        Path data = Files.createDirectories(dir.resolve("data"));
        set(data, "rwx------");
        Path foreign = Files.writeString(data.resolve("installation-id"), "someone else's\n");
        set(foreign, "rw-r--r--");
        Files.setAttribute(foreign, "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);

        try (LogCapture log = LogCapture.attach()) {
            assertThat(DataDirectoryPermissions.tighten(List.of(data))).isZero();

            assertThat(log.all().lines().filter(line -> line.contains(foreign.toString()))).containsExactly(
                    "io.ceip.agent.files.DataDirectoryPermissions File permissions: " + foreign + " belongs to uid"
                            + " 4242, not to the agent's user (uid 0); left as it is");
        }
        assertThat(permissions(foreign)).isEqualTo("rw-r--r--");
    }

    private static String warning(Path path, String before, String after) {
        return "io.ceip.agent.files.DataDirectoryPermissions File permissions: " + path + " was " + before
                + ", open to other users; now " + after;
    }

    private static void set(Path path, String permissions) throws Exception {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
}
