package io.ceip.agent.files;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.files.OwnerOnlyFilesTest.permissions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s21 events L4: at start every loose spool file had a WARN line of its own (5,000 files, 5,000 lines), and
 * the product's hidden temp files, which docs/events.md says are never touched, were {@code chmod}ed while the product
 * may still write them. Now in the spool only the {@code *.jsonl} files handed over are tightened; the first
 * {@value DataDirectoryPermissions#SHOWN} paths have a line each and the rest one line per directory.
 */
class DataDirectoryPermissionsInTheSpoolTest {

    private static final int HANDED = 40;

    @TempDir
    Path dir;

    @Test
    void onlyHandedOverFilesAreTightenedWithAFewLinesAndACount() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path spool = Files.createDirectories(data.resolve("events"));
        set(data, "rwx------");
        set(spool, "rwx------");
        for (int i = 0; i < HANDED; i++) {
            set(Files.writeString(spool.resolve("e" + i + ".jsonl"), "{}\n"), "rw-r--r--");
        }
        Path writing = Files.writeString(spool.resolve(".ev-1.jsonl.tmp"), "{}\n");
        Path hiddenJsonl = Files.writeString(spool.resolve(".ev-2.jsonl"), "{}\n");
        Path otherName = Files.writeString(spool.resolve("notes.txt"), "{}\n");
        Path productsDirectory = Files.createDirectories(spool.resolve("staging"));
        Path inIt = Files.writeString(productsDirectory.resolve("f.jsonl"), "{}\n");
        for (Path product : List.of(writing, hiddenJsonl, otherName, inIt)) {
            set(product, "rw-r--r--");
        }
        set(productsDirectory, "rwxr-xr-x");

        try (LogCapture log = LogCapture.attach()) {
            assertThat(DataDirectoryPermissions.tighten(List.of(data), spool)).isEqualTo(HANDED);

            List<String> lines = log.shown().lines().filter(line -> line.contains("File permissions")).toList();
            assertThat(lines).hasSize(DataDirectoryPermissions.SHOWN + 1);
            assertThat(lines.subList(0, DataDirectoryPermissions.SHOWN)).allMatch(line -> line.contains(
                    ".jsonl was rw-r--r--, open to other users; now rw-------"));
            assertThat(lines.get(DataDirectoryPermissions.SHOWN)).isEqualTo("io.ceip.agent.files.DataDirectoryPermissions"
                    + " File permissions: … and " + (HANDED - DataDirectoryPermissions.SHOWN) + " more in " + spool
                    + " were open to other users; now owner-only");
        }
        for (int i = 0; i < HANDED; i++) {
            assertThat(permissions(spool.resolve("e" + i + ".jsonl"))).isEqualTo("rw-------");
        }
        for (Path product : List.of(writing, hiddenJsonl, otherName, inIt)) {
            assertThat(permissions(product)).as("the product's %s is never touched", product).isEqualTo("rw-r--r--");
        }
        assertThat(permissions(productsDirectory)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void outsideTheSpoolEveryLooseFileIsTightenedStillWithAFewLines() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        set(data, "rwx------");
        Path sent = Files.createDirectories(data.resolve("sent")); // the agent's: a name it never writes in the data
        set(sent, "rwx------"); // directory itself would leave it all as it is (DataDirectoryPermissionsLeavesForeignFilesTest)
        for (int i = 0; i < 2_000; i++) {
            set(Files.writeString(sent.resolve(".tmp-" + i), "x"), "rw-rw-rw-");
        }

        try (LogCapture log = LogCapture.attach()) {
            assertThat(DataDirectoryPermissions.tighten(List.of(data), data.resolve("events"))).isEqualTo(2_000);

            assertThat(log.shown().lines().filter(line -> line.contains("File permissions"))).hasSize(11)
                    .last().asString().endsWith("… and 1,990 more in " + sent + " were open to other users; now"
                            + " owner-only");
        }
        assertThat(permissions(sent.resolve(".tmp-1999"))).isEqualTo("rw-------");
    }

    private static void set(Path path, String permissions) throws Exception {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
}
