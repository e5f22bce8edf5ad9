package io.ceip.collector.files;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The files the collector opens by name at start, checked without following a link: the database's and the key
 * store's must be regular files of the collector's user ({@link #requireOwnWhereTheyExist}); a file it reads a secret
 * from (the tokens file's product tokens, {@link #check}) is held to the rule the agent holds its JMX password file
 * to: a regular file (not a symbolic link), owned by the collector's user, with no permission at all for group or
 * others ({@code chmod 600}, or 400). Anything else stops the start with one line
 * naming the setting, the file, what is wrong and the fix, never the file's content. The mode bits are what is
 * checked, not whether a read fails (a collector running as root reads any file). On a file system without POSIX
 * permissions (Windows) nothing is checked, as {@link OwnerOnly} changes nothing there.
 */
public final class SecretFile {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFile() {
    }

    /**
     * @param key   the setting naming the file ({@code collector.tokens-file})
     * @param holds what the file holds, for the line ({@code product tokens})
     * @throws IllegalArgumentException of one line, when {@code file} is a link, not a regular file, another user's
     *                                  or open to group or others
     */
    public static void check(String key, Path file, String holds) {
        if (!OwnerOnly.supported()) {
            return;
        }
        PosixFileAttributes attributes = requireOwn(key, file, ": it holds " + holds + ", so it must be a regular file"
                + " of the collector's user, readable by that user alone (chmod 600)");
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(attributes.permissions());
        open.retainAll(GROUP_OR_OTHERS);
        if (!open.isEmpty()) {
            throw new IllegalArgumentException(key + ": " + file + " is open to group or others ("
                    + PosixFilePermissions.toString(attributes.permissions()) + ") and holds " + holds
                    + ": make it readable by the collector's user alone (chmod 600)");
        }
    }

    /**
     * Each of {@code files} that exists (a link too, even a broken one) must be a regular file of the collector's
     * user: the database's and key store's files, which the collector opens by name (H2 and the key store reader
     * follow a link, and write where it points). Nothing is checked where permissions are not POSIX.
     *
     * @param why what such a file must be, for the line
     * @throws IllegalArgumentException of one line naming {@code key}, the file and what is wrong
     */
    public static void requireOwnWhereTheyExist(String key, List<Path> files, String why) {
        if (!OwnerOnly.supported()) {
            return;
        }
        for (Path file : files) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                requireOwn(key, file, why);
            }
        }
    }

    /** The attributes of {@code file}, a regular file (not a link) of the collector's own user. */
    private static PosixFileAttributes requireOwn(String key, Path file, String why) {
        String setting = key + ": " + file;
        PosixFileAttributes attributes;
        long owner;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            owner = ((Number) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (!attributes.isRegularFile()) {
            throw new IllegalArgumentException(setting + " is not a regular file (" + (attributes.isSymbolicLink()
                    ? "a symbolic link: name the file itself" : "not a file") + ")" + why);
        }
        long collector = new UnixSystem().getUid();
        if (owner != collector) {
            throw new IllegalArgumentException(setting + " belongs to user " + owner + ", not to the collector's user ("
                    + collector + ")" + why);
        }
        return attributes;
    }
}
