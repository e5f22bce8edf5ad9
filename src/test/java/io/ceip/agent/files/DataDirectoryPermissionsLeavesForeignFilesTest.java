package io.ceip.agent.files;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory that is not the agent's alone ({@code ceip.data.directory} or {@code CEIP_DATA_DIRECTORY} set to
 * the product's own directory, a home directory): what is in it besides the agent's own files is left as it is, and
 * so is the directory itself, with one warning; the agent's own files there are still tightened. The start made
 * every file and directory of its user there owner-only, 8 levels deep: the product's web pages, its configuration,
 * the directory itself, so other users of the host could no longer read them.
 */
class DataDirectoryPermissionsLeavesForeignFilesTest {

    @TempDir
    Path dir;

    @Test
    void theProductsFilesAndTheSharedDirectoryAreLeftAsTheyAre() throws Exception {
        Path data = Files.createDirectories(dir.resolve("product"));
        Path pages = Files.createDirectories(data.resolve("www"));
        Path page = Files.writeString(pages.resolve("index.html"), "<p>hello</p>");
        Path conf = Files.writeString(data.resolve("product.conf"), "port=8080\n");
        Path id = Files.writeString(data.resolve("installation-id"), "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b\n");
        Path ledger = Files.writeString(data.resolve("ledger.log.1"), "");
        Path deadLetters = Files.createDirectories(data.resolve("dead-letter"));
        Path ownStore = Files.createDirectories(data.resolve("reports-kept"));
        for (Path open : List.of(data, pages, deadLetters, ownStore)) {
            set(open, "rwxr-xr-x");
        }
        for (Path open : List.of(page, conf, id, ledger)) {
            set(open, "rw-r--r--");
        }

        try (LogCapture log = LogCapture.attach()) {
            DataDirectoryPermissions.tighten(List.of(data, ownStore));

            assertThat(log.shown()).contains("is not the agent's alone").contains("product.conf")
                    .doesNotContain("index.html");
        }
        assertThat(permissions(data)).isEqualTo("rwxr-xr-x");
        assertThat(permissions(pages)).isEqualTo("rwxr-xr-x");
        assertThat(permissions(page)).isEqualTo("rw-r--r--");
        assertThat(permissions(conf)).isEqualTo("rw-r--r--");
        assertThat(permissions(id)).as("the agent's own").isEqualTo("rw-------");
        assertThat(permissions(ledger)).as("the agent's own").isEqualTo("rw-------");
        assertThat(permissions(deadLetters)).as("the agent's own").isEqualTo("rwx------");
        assertThat(permissions(ownStore)).as("a root of its own (a store set there)").isEqualTo("rwx------");
    }

    private static void set(Path path, String permissions) throws Exception {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
