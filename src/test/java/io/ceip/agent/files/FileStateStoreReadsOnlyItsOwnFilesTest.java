package io.ceip.agent.files;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.files.OwnerOnlyFilesTest.fifo;
import static io.ceip.agent.files.OwnerOnlyFilesTest.permissions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The installation's values (ID, salt, window) are read only from regular files of their own: a link or a fifo in
 * their place is an error naming the file (never followed, never blocking), and writing sets it aside (renamed, never
 * deleted) and writes a 0600 file in its place.
 */
class FileStateStoreReadsOnlyItsOwnFilesTest {

    private static final String ID = "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b";

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    @Test
    void aLinkOrAFifoInPlaceOfAValueIsNamedNeverFollowedNorOpened() throws Exception {
        Path elsewhere = Files.writeString(outside.resolve("id"), ID + "\n");
        Path link = Files.createSymbolicLink(dir.resolve("installation-id"), elsewhere);
        Path fifo = fifo(dir.resolve("pseudonym-salt"));
        Files.write(dir.resolve("features-window-end"), new byte[5000]);
        FileStateStore store = new FileStateStore(dir);

        assertThatThrownBy(() -> store.get("installation-id")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read " + link + ": a symbolic link, not a regular file");
        assertThatThrownBy(() -> store.get("pseudonym-salt"))
                .hasMessage("cannot read " + fifo + ": a fifo, socket or device, not a regular file");
        assertThatThrownBy(() -> store.get("features-window-end"))
                .hasMessage("cannot read " + dir.resolve("features-window-end") + ": 5000 bytes, more than 4096");

        store.put("installation-id", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

        assertThat(Files.isSymbolicLink(link)).as("the link is replaced, not written through").isFalse();
        assertThat(store.get("installation-id")).contains("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(permissions(link)).isEqualTo("rw-------");
        assertThat(Files.readString(elsewhere)).isEqualTo(ID + "\n");
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.filter(entry -> entry.getFileName().toString().startsWith("installation-id.unusable-")))
                    .as("the link itself set aside, never deleted").singleElement()
                    .satisfies(aside -> assertThat(Files.readSymbolicLink(aside)).isEqualTo(elsewhere));
        }
    }
}
