package io.ceip.agent.support;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Makes a file or a directory one the tests' user cannot delete (in), and back: as root, which permissions do not
 * stop, append-only ({@code chattr +a}: a file cannot be deleted, nothing in a directory can); as another user, a
 * directory without write permission (a file alone cannot be kept so: pass its directory).
 */
public final class Undeletable {

    private Undeletable() {
    }

    public static void set(Path path, boolean on) throws Exception {
        if (OwnerOnlyFiles.currentUid() == 0) {
            Process chattr = new ProcessBuilder("chattr", on ? "+a" : "-a", path.toString()).inheritIO().start();
            assertThat(chattr.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(chattr.exitValue()).as("chattr").isZero();
        } else {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(on ? "r-x------" : "rwx------"));
        }
    }
}
