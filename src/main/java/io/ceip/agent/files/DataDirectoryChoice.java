package io.ceip.agent.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a directory may be the agent's data directory ({@code ceip.data.directory}, which the launcher's
 * {@code --data} sets). The agent writes its files there and its start takes group and other permissions away from
 * what it holds ({@link DataDirectoryPermissions}), so it refuses, before anything is read or written there:
 * <ul>
 * <li>the file system's root, however it is spelled ({@code /}, {@code //}, {@code /tmp/..}, a link to it);</li>
 * <li>a system directory itself ({@link #SYSTEM}: {@code /etc}, {@code /usr}, {@code /var}, {@code /tmp},
 * {@code /home}, {@code /var/lib}, …); a directory of its own under one ({@code /var/lib/ceip-agent}) is the usual
 * place;</li>
 * <li>a directory of another user that holds another program's files ({@link ForeignEntries}: another user's home,
 * as root); an empty one of another user (a volume mounted for the agent, with its {@code lost+found}) is taken.</li>
 * </ul>
 * A link is followed (it is where the setting points); a directory that does not exist yet is judged by its path. The
 * home directory of the agent's own user is taken: the shipped {@code ceip} user's home is its data directory.
 */
public final class DataDirectoryChoice {

    /** System directories, by their real path: never a data directory themselves. */
    static final Set<String> SYSTEM = Set.of("/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64",
            "/libx32", "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr",
            "/var", "/usr/bin", "/usr/include", "/usr/lib", "/usr/lib64", "/usr/local", "/usr/sbin", "/usr/share",
            "/usr/src", "/var/cache", "/var/lib", "/var/local", "/var/log", "/var/mail", "/var/opt", "/var/run",
            "/var/spool", "/var/tmp", "/Users", "/Library", "/System", "/Applications", "/private");

    /** What a file system puts in a volume's top directory itself. */
    private static final Set<String> VOLUME_NAMES = Set.of("lost+found");

    private static final int NAMED = 3;

    /** The agent's files whose owner tells whose agent keeps its state in a data directory ({@link #requireWriter}). */
    private static final List<String> STATE = List.of("installation-id", "consent-audit.log", "ledger.log", "consent",
            "dead-letter");

    private DataDirectoryChoice() {
    }

    /**
     * Nothing when {@code directory} may be the data directory; else one line naming {@code key}, the path and why.
     *
     * @throws IllegalArgumentException when it may not
     */
    public static void require(Path directory, String key) {
        problem(directory).ifPresent(problem -> {
            throw new IllegalArgumentException(key + " " + OwnerOnlyFiles.shown(directory) + " " + problem
                    + ": point " + key + " (--data, CEIP_DATA_DIRECTORY) at a directory of the agent's own, such as"
                    + " /var/lib/ceip-agent");
        });
    }

    /**
     * Nothing when this process may write in the data directory {@code directory}; else one line naming {@code key}:
     * the directory and the agent's files in it ({@link #STATE}) belong to another user than this process's, so that
     * user's agent keeps its state there, and a command run as another user (a {@code send} or {@code consent} run as
     * root beside an agent running as {@code ceip}) wrote files of its own user there, which that agent set aside and
     * never sent (a report kept so) or could not read. A directory not there yet, this user's own, or another user's
     * holding none of the agent's files or only this user's (a volume mounted for the agent) is taken.
     *
     * @throws IllegalArgumentException when it may not
     */
    public static void requireWriter(Path directory, String key) {
        long me = OwnerOnlyFiles.currentUid();
        Object owner;
        try {
            owner = OwnerOnlyFiles.attributes(directory.toRealPath()).get("uid");
        } catch (IOException absentOrUnreadable) {
            return; // made by this process, or said by what cannot use it
        }
        if (me < 0 || !(owner instanceof Integer uid) || uid == me) {
            return;
        }
        for (String name : STATE) {
            try {
                if (Integer.valueOf(uid).equals(OwnerOnlyFiles.attributes(directory.resolve(name)).get("uid"))) {
                    throw new IllegalArgumentException(key + " " + OwnerOnlyFiles.shown(directory) + " and its "
                            + name + " belong to user " + uid + ", whose agent keeps its state there, not to this"
                            + " process's user (" + me + "): run the command as user " + uid + " (sudo -u '#" + uid
                            + "' ceip-agent …); files this one wrote there would be another user's, which that"
                            + " agent sets aside and never sends");
                }
            } catch (IOException absent) {
                // not there: the next one
            }
        }
    }

    /** Why {@code directory} may not be the data directory ("is the file system's root"), or empty. */
    static Optional<String> problem(Path directory) {
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException absentOrUnreadable) {
            real = directory.toAbsolutePath().normalize();
        }
        if (real.getParent() == null) {
            return Optional.of("is the file system's root");
        }
        if (SYSTEM.contains(real.toString())) {
            return Optional.of("is a system directory (" + OwnerOnlyFiles.shown(real) + ")");
        }
        return Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS) ? another(real) : Optional.empty();
    }

    /** Why the existing directory {@code real} is another user's holding another program's files, or empty. */
    private static Optional<String> another(Path real) {
        long agent = OwnerOnlyFiles.currentUid();
        Object owner;
        try {
            owner = OwnerOnlyFiles.attributes(real).get("uid");
        } catch (IOException e) {
            return Optional.empty(); // said by what cannot use it
        }
        if (agent < 0 || !(owner instanceof Integer uid) || uid == agent) {
            return Optional.empty();
        }
        List<Path> foreign = ForeignEntries.in(real, List.of()).stream()
                .filter(entry -> !VOLUME_NAMES.contains(entry.getFileName().toString())).toList();
        if (foreign.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("belongs to user " + uid + ", not to the agent's user (" + agent + "), and holds another"
                + " program's files (" + foreign.size() + (foreign.size() == 1 ? " entry: " : " entries: ")
                + foreign.stream().limit(NAMED).map(entry -> "'" + OwnerOnlyFiles.shown(entry.getFileName()) + "'")
                        .collect(Collectors.joining(", ")) + (foreign.size() > NAMED ? ", …" : "") + ")");
    }
}
