package io.ceip.agent.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The agent's files are its own: a directory it creates is {@code 0700} and a file {@code 0600} from the moment it
 * exists (the permissions go to the call that creates it), so no salt, ID or report is ever readable by others. A
 * file is never opened through a symbolic link, nor unless it is a regular file, so that a fifo planted in its place
 * cannot block the agent (in a directory others write, nor one renamed over it later: {@link ForeignFiles}). On a
 * file system without POSIX permissions (FAT, some network shares) the same calls work without them.
 */
public final class OwnerOnlyFiles {

    /** {@code rwx------}: every directory the agent creates. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code rw-------}: every file the agent creates. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> OWNER = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final int SHOWN_CHARACTERS = 120;

    private OwnerOnlyFiles() {
    }

    /** Creates {@code directory} and its missing parents, each {@code 0700}; an existing directory is left as it is. */
    public static Path createDirectories(Path directory) throws IOException {
        try {
            return Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createDirectories(directory);
        }
    }

    /** Creates a new file {@code 0600} and opens it for writing; anything with that name, even a link, refuses it. */
    public static FileChannel createNew(Path file) throws IOException {
        return open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * Opens a regular file, never through a link; with {@link StandardOpenOption#CREATE} or
     * {@link StandardOpenOption#CREATE_NEW} a file it creates is {@code 0600}.
     *
     * @throws IOException when the path exists and is not a regular file (a link, a directory, a fifo, a device)
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        requireRegularOrAbsent(file);
        Set<OpenOption> set = new HashSet<>(Arrays.asList(options));
        set.add(LinkOption.NOFOLLOW_LINKS);
        try {
            return FileChannel.open(file, set, PosixFilePermissions.asFileAttribute(FILE));
        } catch (UnsupportedOperationException | IllegalArgumentException notPosix) {
            try {
                return FileChannel.open(file, set, new FileAttribute<?>[0]);
            } catch (UnsupportedOperationException | IllegalArgumentException noLinks) {
                set.remove(LinkOption.NOFOLLOW_LINKS); // a file system without links (a zip file) refuses the option
                return FileChannel.open(file, set, new FileAttribute<?>[0]);
            }
        }
    }

    /** Appends {@code bytes} to a regular file, creating it {@code 0600} (not its directory); {@code sync}: to disk. */
    public static void append(Path file, byte[] bytes, boolean sync) throws IOException {
        try (FileChannel channel = sync
                ? open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC)
                : open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            writeFully(channel, bytes);
        }
    }

    /** Writes every byte. */
    public static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Reads a regular file of at most {@code maxBytes}, not through a link.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws IOException when it is not a regular file or is larger; the message is {@code <file>: <what is wrong>}
     */
    public static byte[] read(Path file, long maxBytes) throws IOException {
        try (FileChannel channel = open(file, StandardOpenOption.READ)) {
            return readAll(channel, file, maxBytes);
        }
    }

    /** What {@code channel} of {@code file} holds, at most {@code maxBytes} ({@link #read}). */
    static byte[] readAll(FileChannel channel, Path file, long maxBytes) throws IOException {
        long size = channel.size();
        if (size > maxBytes) {
            throw new FileSystemException(shown(file), null, size + " bytes, more than " + maxBytes);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size + 1);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // until the end, or one byte past the size it had (a file that grows is refused below)
        }
        if (buffer.position() > size) {
            throw new FileSystemException(shown(file), null, "grew while it was read");
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** Nothing, when {@code file} is absent or a regular file (not through a link); else what it is, as an error. */
    public static void requireRegularOrAbsent(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException absent) {
            return;
        }
        if (!attributes.isRegularFile()) {
            throw new FileSystemException(shown(file), null, kind(attributes) + ", not a regular file");
        }
    }

    /**
     * Nothing, unless {@code directory} is there and is not a directory (itself, not a link's target): then one line
     * naming {@code key}. A store's directory that is a link would have its target tightened, the files there
     * quarantined and reports written wherever it points; a file, fifo or device in its place is a store that can
     * never be written, which would keep every report in memory while the agent looked ready.
     */
    public static void requireOwnDirectory(Path directory, String key) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException absentOrUnreadable) {
            return; // made by the store's first write, or said by it
        }
        if (!attributes.isDirectory()) {
            throw new IllegalArgumentException(key + " " + shown(directory) + " is " + kind(attributes) + ", not a"
                    + " directory: the agent keeps its reports in a directory of its own and follows no link there"
                    + " (move it away, or point " + key + " at a real directory)");
        }
    }

    /** What a path that is not a regular file is, in words. */
    static String kind(BasicFileAttributes attributes) {
        return attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a directory"
                : attributes.isRegularFile() ? "a regular file" : "a fifo, socket or device";
    }

    /**
     * The attributes of {@code path} itself (not of a link's target), from the {@code unix} view where the file
     * system has it: owner {@code uid}, {@code nlink}, and the basic ones (not {@code unix:*}, whose owner and group
     * names cost a name-service lookup each) and {@code fileKey}; else the basic ones alone.
     */
    public static Map<String, Object> attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, "unix:uid,nlink,size,isRegularFile,isDirectory,isSymbolicLink,isOther,fileKey",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            return Files.readAttributes(path, "basic:*", LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * Takes group and other permissions away from {@code path} itself (a regular file or a directory; a link is never
     * followed nor changed).
     *
     * @return its permissions before, as {@code rwxr-xr-x}, when they changed; null when there was nothing to take
     *         away, or the file system has no POSIX permissions
     */
    public static String restrict(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return null;
        }
        PosixFileAttributes attributes = view.readAttributes();
        if (!attributes.isRegularFile() && !attributes.isDirectory()) {
            return null;
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(attributes.permissions());
        String before = PosixFilePermissions.toString(permissions);
        if (!permissions.removeIf(p -> !OWNER.contains(p))) {
            return null;
        }
        view.setPermissions(permissions);
        return before;
    }

    /** The numeric user ID the agent runs as, or -1 where the system does not say (not Unix); read once. */
    public static long currentUid() {
        return UID;
    }

    private static final long UID = uid();

    private static long uid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException notUnix) {
            return -1;
        }
    }

    /**
     * A path (or any name) as it can be shown in one log line: control, format and line-separator characters escaped
     * ({@code \n}, or a backslash-u code), at most 120 characters (then {@code …}). Bytes that do not decode show as
     * {@code U+FFFD}.
     */
    public static String shown(Object path) {
        String text = String.valueOf(path);
        StringBuilder shown = new StringBuilder();
        int i = 0;
        for (; i < text.length() && shown.length() < SHOWN_CHARACTERS; i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (c == '\n') {
                shown.append("\\n");
            } else if (c == '\r') {
                shown.append("\\r");
            } else if (c == '\t') {
                shown.append("\\t");
            } else if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return i < text.length() ? shown + "…" : shown.toString();
    }
}
