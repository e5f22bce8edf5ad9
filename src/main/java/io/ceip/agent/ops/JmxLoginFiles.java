package io.ceip.agent.ops;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The two files without which remote JMX does not start, in the JDK's formats, checked when the agent starts:
 * <ul>
 * <li>{@code ceip.jmx.remote.password-file}: lines {@code user password}. A regular file (not a link), owned by the
 * agent's user, with no permission at all for group or others ({@code chmod 600}, or 400).</li>
 * <li>{@code ceip.jmx.remote.access-file}: lines {@code user readonly} or
 * {@code user readwrite [create <class pattern>,...] [unregister]}. A regular file (not a link), owned by the agent's
 * user, that group and others cannot write (they may read it). A user of the password file who has no line here is
 * refused every operation, read or write; a line with another word than {@code readonly} or {@code readwrite}
 * stops the start.</li>
 * </ul>
 * What is wrong is an {@link IllegalArgumentException} of one line naming the setting and the file. The JDK reads the
 * password file again at every login, so every login checks it again ({@link #recheckPasswordFile()}).
 */
public record JmxLoginFiles(Path passwordFile, Path accessFile) {

    static final String PASSWORD_KEY = "ceip.jmx.remote.password-file";
    static final String ACCESS_KEY = "ceip.jmx.remote.access-file";

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    /** Checks both settings (each empty when not set); remote JMX is on when this is asked. */
    public static JmxLoginFiles check(Optional<String> passwordFile, Optional<String> accessFile) {
        Path password = Path.of(passwordFile.orElseThrow(() -> new IllegalArgumentException(PASSWORD_KEY
                + " is not set: remote JMX (ceip.jmx.remote.enabled=true) starts only with a password file readable"
                + " by the agent's user alone")));
        Path access = Path.of(accessFile.orElseThrow(() -> new IllegalArgumentException(ACCESS_KEY
                + " is not set: remote JMX (ceip.jmx.remote.enabled=true) starts only with an access file (lines"
                + " 'user readonly' or 'user readwrite')")));
        checkPasswordFile(password);
        PosixFileAttributes accessAttributes = ownFile(ACCESS_KEY, access);
        Set<PosixFilePermission> writable = EnumSet.copyOf(accessAttributes.permissions());
        writable.retainAll(GROUP_OR_OTHERS_WRITE);
        if (!writable.isEmpty()) {
            throw new IllegalArgumentException(ACCESS_KEY + " " + access + " can be written by group or others ("
                    + PosixFilePermissions.toString(accessAttributes.permissions())
                    + "): make it writable by the agent's user alone (chmod 644 or 600)");
        }
        JdkAccessFile.check(access);
        return new JmxLoginFiles(password, access);
    }

    /**
     * Checks the password file again, as at start: the JDK reads it at every login, following a link, so each login
     * asks this first ({@link GuardedRmiConnector}).
     *
     * @throws IllegalArgumentException naming the setting, the file and what is wrong
     */
    void recheckPasswordFile() {
        checkPasswordFile(passwordFile);
    }

    /**
     * {@code password} is a regular file (not a link) of the agent's user, with no permission for group or others, in
     * a directory of the agent's user or root that no one else may write (or with the sticky bit, as {@code /tmp}):
     * someone who could put another file in its place between a login's check and the JDK's read of it (a link, a
     * pipe that holds every login) would choose the passwords.
     */
    private static void checkPasswordFile(Path password) {
        checkDirectory(password, new UnixSystem().getUid());
        PosixFileAttributes attributes = ownFile(PASSWORD_KEY, password);
        Set<PosixFilePermission> open = EnumSet.copyOf(attributes.permissions());
        open.retainAll(GROUP_OR_OTHERS);
        if (!open.isEmpty()) {
            throw new IllegalArgumentException(PASSWORD_KEY + " " + password + " is open to group or others ("
                    + PosixFilePermissions.toString(attributes.permissions())
                    + "): make it readable by the agent's user alone (chmod 600)");
        }
    }

    /**
     * The password file's directory: the agent's user's ({@code agent}, its uid) or root's, written by no one else (or
     * sticky).
     */
    static void checkDirectory(Path password, long agent) {
        Path directory = password.toAbsolutePath().getParent();
        int mode;
        long owner;
        try {
            mode = (Integer) Files.getAttribute(directory, "unix:mode");
            owner = ((Number) Files.getAttribute(directory, "unix:uid")).longValue();
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return; // the file's own check says what is wrong (not POSIX, missing, unreadable)
        }
        String setting = PASSWORD_KEY + " " + password + ": its directory " + directory;
        if (owner != agent && owner != 0) {
            throw new IllegalArgumentException(setting + " belongs to user " + owner + ": keep the file in a directory"
                    + " of the agent's user or root, which no one else may write");
        }
        if ((mode & 0022) != 0 && (mode & 01000) == 0) {
            throw new IllegalArgumentException(setting + " may be written by group or others, who could put another"
                    + " file in its place: keep it in a directory only the agent's user or root may write (chmod 755)");
        }
    }

    /** The attributes of {@code file}, a regular file (not a link) of the agent's own user. */
    private static PosixFileAttributes ownFile(String key, Path file) {
        String setting = key + " " + file;
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(setting + " does not exist");
        }
        PosixFileAttributes attributes;
        long owner;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            owner = ((Number) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": its permissions cannot be checked (not a POSIX file"
                    + " system), so remote JMX does not start");
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (!attributes.isRegularFile()) {
            throw new IllegalArgumentException(setting + " is not a regular file ("
                    + (attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a directory"
                            : "a device, pipe or socket") + ")");
        }
        long agent = new UnixSystem().getUid();
        if (owner != agent) {
            throw new IllegalArgumentException(setting + " belongs to user " + owner + ", not to the agent's user ("
                    + agent + ")");
        }
        return attributes;
    }
}
