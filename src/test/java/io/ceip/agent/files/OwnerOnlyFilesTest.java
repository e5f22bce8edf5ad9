package io.ceip.agent.files;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent's files are 0600 and its directories 0700 from their creation, never written or read through a link, and
 * never opened unless they are regular files (so a fifo in their place cannot block). The test process's umask is
 * 022: a file made without these permissions would be 0644.
 */
class OwnerOnlyFilesTest {

    private static final String MARKER = "outside file: must never be read, written or replaced";

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    @Test
    void directoriesAndFilesAreOwnerOnlyFromTheirCreation() throws Exception {
        Path nested = OwnerOnlyFiles.createDirectories(dir.resolve("a/b/c"));
        AtomicFiles.write(nested.resolve("salt"), "s3cret\n".getBytes(StandardCharsets.US_ASCII));
        OwnerOnlyFiles.append(dir.resolve("a/audit.log"), "line\n".getBytes(StandardCharsets.UTF_8), true);
        AtomicFiles.writeNew(dir.resolve("a/new.gz"), new byte[] { 1 });

        for (String path : new String[] { "a", "a/b", "a/b/c" }) {
            assertThat(permissions(dir.resolve(path))).as(path).isEqualTo("rwx------");
        }
        for (String path : new String[] { "a/b/c/salt", "a/audit.log", "a/new.gz" }) {
            assertThat(permissions(dir.resolve(path))).as(path).isEqualTo("rw-------");
        }
        assertThat(Files.readString(nested.resolve("salt"))).isEqualTo("s3cret\n");
    }

    @Test
    void anAtomicWriteNeverWritesThroughALinkAtTheTemporaryNameOrTheTarget() throws Exception {
        Path marker = marker("marker");
        Path target = dir.resolve("installation-id");
        Files.createSymbolicLink(dir.resolve(".installation-id.tmp"), marker);
        Files.createSymbolicLink(target, outside.resolve("marker"));

        AtomicFiles.write(target, "id\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(Files.isSymbolicLink(target)).as("the link at the target is replaced by the file").isFalse();
        assertThat(Files.readString(target)).isEqualTo("id\n");
        assertThat(permissions(target)).isEqualTo("rw-------");
        assertThat(dir.resolve(".installation-id.tmp")).doesNotExist();
        assertUntouched(marker);
    }

    @Test
    void aNewFileIsRefusedOverAnythingThatExistsAndNothingIsChanged() throws Exception {
        Path marker = marker("marker");
        Path existing = Files.writeString(dir.resolve("existing.gz"), "keep");
        Path directory = Files.createDirectory(dir.resolve("directory.gz"));
        Path link = Files.createSymbolicLink(dir.resolve("link.gz"), marker);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.gz"), outside.resolve("absent"));

        for (Path taken : new Path[] { existing, directory, link, dangling }) {
            assertThatThrownBy(() -> AtomicFiles.writeNew(taken, new byte[] { 9 })).as(taken.toString())
                    .isInstanceOf(FileSystemException.class);
        }

        assertThat(Files.readString(existing)).isEqualTo("keep");
        assertThat(directory).isEmptyDirectory();
        assertThat(outside.resolve("absent")).as("nothing created through a dangling link").doesNotExist();
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertUntouched(marker);
    }

    @Test
    void aLinkIsNeitherReadNorAppendedToAndAFifoIsNeverOpened() throws Exception {
        Path marker = marker("marker");
        Path link = Files.createSymbolicLink(dir.resolve("ledger.log"), marker);
        Path fifo = fifo(dir.resolve("consent"));

        assertThatThrownBy(() -> OwnerOnlyFiles.read(link, 1024)).hasMessage(link + ": a symbolic link, not a regular file");
        assertThatThrownBy(() -> OwnerOnlyFiles.append(link, "x\n".getBytes(StandardCharsets.UTF_8), false))
                .hasMessage(link + ": a symbolic link, not a regular file");
        assertThatThrownBy(() -> OwnerOnlyFiles.read(fifo, 1024))
                .hasMessage(fifo + ": a fifo, socket or device, not a regular file");
        assertThatThrownBy(() -> OwnerOnlyFiles.append(fifo, "x\n".getBytes(StandardCharsets.UTF_8), false))
                .hasMessageContaining("a fifo, socket or device");

        assertUntouched(marker);
    }

    @Test
    void aReadIsBounded() throws Exception {
        Path file = Files.write(dir.resolve("big"), new byte[4097]);

        assertThat(OwnerOnlyFiles.read(file, 4097)).hasSize(4097);
        assertThatThrownBy(() -> OwnerOnlyFiles.read(file, 4096)).hasMessage(file + ": 4097 bytes, more than 4096");
    }

    @Test
    void aNameIsShownOnOneLineWithItsControlCharactersEscapedAndCut() {
        assertThat(OwnerOnlyFiles.shown("evil\nline\r\u0007\u202ename")).isEqualTo("evil\\nline\\r\\u0007\\u202ename");
        assertThat(OwnerOnlyFiles.shown("a".repeat(300))).isEqualTo("a".repeat(120) + "…");
        assertThat(OwnerOnlyFiles.shown("a".repeat(120))).isEqualTo("a".repeat(120));
    }

    @Test
    void restrictTakesGroupAndOtherPermissionsAwayAndNeverFollowsALink() throws Exception {
        Path marker = marker("marker");
        Files.setPosixFilePermissions(marker, PosixFilePermissions.fromString("rw-r--r--"));
        Path file = Files.writeString(dir.resolve("id"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxrw-r--"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), marker);

        assertThat(OwnerOnlyFiles.restrict(file)).isEqualTo("rwxrw-r--");
        assertThat(OwnerOnlyFiles.restrict(file)).as("nothing left to take").isNull();
        assertThat(OwnerOnlyFiles.restrict(link)).isNull();

        assertThat(permissions(file)).isEqualTo("rwx------");
        assertThat(permissions(marker)).isEqualTo("rw-r--r--");
    }

    /** A file system without POSIX permissions (a zip file system here): the same calls work without them. */
    @Test
    void withoutPosixPermissionsTheSameCallsStillWork() throws Exception {
        URI zip = URI.create("jar:" + dir.resolve("data.zip").toUri());
        try (FileSystem fileSystem = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Path data = fileSystem.getPath("/data");
            assertThat(fileSystem.supportedFileAttributeViews()).doesNotContain("posix");

            OwnerOnlyFiles.createDirectories(data.resolve("dead-letter"));
            AtomicFiles.write(data.resolve("installation-id"), "id\n".getBytes(StandardCharsets.US_ASCII));
            AtomicFiles.writeNew(data.resolve("report.json.gz"), new byte[] { 1, 2 });
            OwnerOnlyFiles.append(data.resolve("ledger.log"), "a\n".getBytes(StandardCharsets.UTF_8), false);
            OwnerOnlyFiles.append(data.resolve("ledger.log"), "b\n".getBytes(StandardCharsets.UTF_8), false);

            assertThat(Files.isDirectory(data.resolve("dead-letter"))).isTrue();
            assertThat(OwnerOnlyFiles.read(data.resolve("installation-id"), 100)).asString().isEqualTo("id\n");
            assertThat(OwnerOnlyFiles.read(data.resolve("report.json.gz"), 100)).containsExactly(1, 2);
            assertThat(OwnerOnlyFiles.read(data.resolve("ledger.log"), 100)).asString().isEqualTo("a\nb\n");
            assertThat(OwnerOnlyFiles.restrict(data.resolve("installation-id"))).isNull();
            assertThat(DataDirectoryPermissions.tighten(java.util.List.of(data))).isZero();
        }
    }

    private Path marker(String name) throws Exception {
        Path marker = Files.writeString(outside.resolve(name), MARKER);
        Files.setLastModifiedTime(marker, FileTime.fromMillis(1_000_000_000_000L));
        return marker;
    }

    private static void assertUntouched(Path marker) throws Exception {
        assertThat(Files.readString(marker)).isEqualTo(MARKER);
        assertThat(Files.getLastModifiedTime(marker)).isEqualTo(FileTime.fromMillis(1_000_000_000_000L));
    }

    static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    static Path fifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        return path;
    }
}
