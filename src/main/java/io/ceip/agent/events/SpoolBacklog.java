package io.ceip.agent.events;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The spool files waiting to be read, counted by name without opening any ({@code preview} reads no spool file): what
 * {@code preview}'s note says goes with the next report instead of its own. Links, directories and hidden files (the
 * product's, still being written: {@link SpoolDirectory#handed}) are not counted.
 */
public final class SpoolBacklog {

    /** Past this many the note says "or more": the directory is not listed further. */
    static final int MAX_COUNTED = 1000;

    private SpoolBacklog() {
    }

    /** A note on the files waiting in {@code directory}, or empty when none is (or it cannot be listed). */
    public static Optional<String> note(Path directory) {
        int waiting = 0;
        if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, SpoolDirectory::handed)) {
                for (Path entry : entries) {
                    if (waiting >= MAX_COUNTED) {
                        break;
                    }
                    waiting += Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) ? 1 : 0;
                }
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return waiting == 0 ? Optional.empty() : Optional.of((waiting >= MAX_COUNTED ? MAX_COUNTED + " or more"
                : Integer.toString(waiting)) + " event spool file(s) in " + OwnerOnlyFiles.shown(directory)
                + " not shown: preview reads no spool file; they go with the next report (a running agent reads them"
                + " within ceip.events.poll-interval; send reads them first)");
    }
}
