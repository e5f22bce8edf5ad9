package io.ceip.agent.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Which spool file was counted: its name, its file key (device and inode where the system has them), size and
 * modification time. A file the product writes again under the same name is a new file (another inode, time or
 * size), so it is read; the one already counted, left behind by a crash between the flush and the delete, is not.
 */
public record SpoolFileIdentity(String name, String key, long size, String modified) {

    /** The identity of {@code file} itself (a link is not followed). */
    public static SpoolFileIdentity of(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        return new SpoolFileIdentity(file.getFileName().toString(), String.valueOf(attributes.fileKey()),
                attributes.size(), attributes.lastModifiedTime().toString());
    }

    /** True while a file with this identity is still in {@code directory}. */
    boolean stillIn(Path directory) {
        try {
            return equals(of(directory.resolve(name)));
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }
}
